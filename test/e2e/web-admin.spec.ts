// The administration pages through real HTTP: agencies and accounts edited through the same
// services as PATCH /agencies/:code and PATCH /users/:id, on the revision the form was read at.
import { createTestApp, TestApp } from '../support/app';
import { AGENCIES, seedAgencies } from '../support/factories';
import { hiddenField, pageUser, PageUser } from '../support/pages';

describe('administration pages', () => {
  let t: TestApp;
  let admin: PageUser;

  beforeAll(async () => {
    t = await createTestApp('web_admin');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    admin = await pageUser(t, 'admin');
  });
  afterAll(() => t.close());

  const formOf = async (path: string) => {
    const page = await admin.agent.get(path).expect(200);
    return {
      html: page.text,
      _csrf: hiddenField(page.text, '_csrf'),
      revision: hiddenField(page.text, 'revision'),
    };
  };

  describe('an agency', () => {
    it('is edited on its page, NFC, and the API reads the change', async () => {
      const form = await formOf('/web/admin/agencies/SKHCN');
      expect(form.html).toContain('value="Sở Khoa học và Công nghệ"');
      const decomposed = 'Sở Khoa học, Công nghệ và Đổi mới sáng tạo'.normalize('NFD');
      const saved = await admin.agent
        .post('/web/admin/agencies/SKHCN')
        .type('form')
        .send({
          _csrf: form._csrf,
          revision: form.revision,
          name: decomposed,
          kind: 'specialised',
          active: 'on',
        })
        .expect(303);
      expect(saved.headers.location).toBe('/web/admin/agencies/SKHCN?done=saved');
      const api = await t.http.get('/agencies/SKHCN').expect(200);
      expect(api.body).toMatchObject({
        name: 'Sở Khoa học, Công nghệ và Đổi mới sáng tạo'.normalize('NFC'),
        active: true,
      });
      const after = await admin.agent.get(saved.headers.location).expect(200);
      expect(after.text).toContain('Đã lưu các thay đổi');
    });

    it('refuses a name another agency has, whatever its case, beside the field', async () => {
      const form = await formOf('/web/admin/agencies/SNV');
      const res = await admin.agent
        .post('/web/admin/agencies/SNV')
        .type('form')
        .send({
          _csrf: form._csrf,
          revision: form.revision,
          name: 'THANH TRA TỈNH',
          kind: 'specialised',
          active: 'on',
        })
        .expect(409);
      expect(res.text).toMatch(/id="f-name-error"[^>]*>.*Đã có cơ quan mang tên này/);
      expect(res.text).toContain('value="THANH TRA TỈNH"'); // what was typed stays
      expect((await t.http.get('/agencies/SNV').expect(200)).body.name).toBe('Sở Nội vụ');
    });

    it('answers a form read before someone else’s edit 409 in Vietnamese and keeps the other edit', async () => {
      await t.http.patch('/agencies/TTT').send({ kind: 'inspectorate' }).expect(200);
      const stale = await formOf('/web/admin/agencies/TTT');
      expect(stale.revision).toBe('1');
      await t.http
        .patch('/agencies/TTT')
        .send({ contactEmail: 'vanthu@ttt.example.vn' })
        .expect(200);
      const res = await admin.agent
        .post('/web/admin/agencies/TTT')
        .type('form')
        .send({
          _csrf: stale._csrf,
          revision: stale.revision,
          name: 'Thanh tra tỉnh',
          kind: 'inspectorate',
        })
        .expect(409);
      expect(res.text).toContain('Dữ liệu vừa được người khác sửa');
      const api = (await t.http.get('/agencies/TTT').expect(200)).body;
      expect(api).toMatchObject({ active: true, contactEmail: 'vanthu@ttt.example.vn' });
    });

    it('deactivates an agency when the box is unticked', async () => {
      await seedAgencies(t.http, [AGENCIES.tax]);
      const form = await formOf('/web/admin/agencies/THUE');
      await admin.agent
        .post('/web/admin/agencies/THUE')
        .type('form')
        .send({ _csrf: form._csrf, revision: form.revision, name: 'Thuế tỉnh', kind: 'other' })
        .expect(303);
      expect((await t.http.get('/agencies/THUE').expect(200)).body.active).toBe(false);
    });
  });

  describe('an account', () => {
    let officerId: string;

    beforeAll(async () => {
      const made = await t.http
        .post('/users')
        .send({
          username: 'binh.tt',
          displayName: 'Trần Thị Bình',
          roles: ['officer'],
          agencyCodes: ['SNV'],
        })
        .expect(201);
      officerId = made.body.id;
    });

    it('is listed with a link to its page, and edited there like PATCH /users/:id', async () => {
      const list = await admin.agent.get('/web/admin/accounts').expect(200);
      expect(list.text).toContain(`href="/web/admin/accounts/${officerId}"`);
      const form = await formOf(`/web/admin/accounts/${officerId}`);
      await admin.agent
        .post(`/web/admin/accounts/${officerId}`)
        .type('form')
        .send({
          _csrf: form._csrf,
          revision: form.revision,
          displayName: 'Trần Thị Bình'.normalize('NFD'),
          email: 'binh.tt@snv.example.gov.vn',
          roles: ['officer', 'approver'],
          agencyCodes: ['SNV', 'SKHCN'],
          status: 'active',
        })
        .expect(303);
      const api = (await t.http.get(`/users/${officerId}`).expect(200)).body;
      expect(api).toMatchObject({
        displayName: 'Trần Thị Bình'.normalize('NFC'),
        email: 'binh.tt@snv.example.gov.vn',
        roles: ['officer', 'approver'],
        agencyCodes: ['SNV', 'SKHCN'],
        status: 'active',
      });
    });

    it('refuses an officer without an agency beside the agencies, keeping what was ticked', async () => {
      const form = await formOf(`/web/admin/accounts/${officerId}`);
      const res = await admin.agent
        .post(`/web/admin/accounts/${officerId}`)
        .type('form')
        .send({
          _csrf: form._csrf,
          revision: form.revision,
          displayName: 'Bình',
          roles: ['officer', 'viewer'],
          status: 'active',
        })
        .expect(422);
      expect(res.text).toContain('id="f-agencyCodes-error"');
      expect(res.text).toMatch(/id="role-viewer"[^>]*checked/);
    });

    it('disables an account and issues a one-time password shown once', async () => {
      const form = await formOf(`/web/admin/accounts/${officerId}`);
      const res = await admin.agent
        .post(`/web/admin/accounts/${officerId}/password`)
        .type('form')
        .send({ _csrf: form._csrf, revision: form.revision })
        .expect(200);
      const issued = /id="issued-password">([^<]+)</.exec(res.text)![1];
      expect(res.headers['cache-control']).toBe('no-store');
      await t.anonymous
        .post('/auth/login')
        .send({ username: 'binh.tt', password: issued })
        .expect(200);
      const again = await admin.agent.get(`/web/admin/accounts/${officerId}`).expect(200);
      expect(again.text).not.toContain(issued);
      expect(again.text).toContain('chưa đổi mật khẩu cấp');

      const next = await formOf(`/web/admin/accounts/${officerId}`);
      await admin.agent
        .post(`/web/admin/accounts/${officerId}`)
        .type('form')
        .send({
          _csrf: next._csrf,
          revision: next.revision,
          displayName: 'Trần Thị Bình',
          roles: ['officer'],
          agencyCodes: ['SNV'],
          status: 'disabled',
        })
        .expect(303);
      expect((await t.http.get(`/users/${officerId}`).expect(200)).body.status).toBe('disabled');
      await t.anonymous
        .post('/auth/login')
        .send({ username: 'binh.tt', password: issued })
        .expect(401);
    });

    it('does not let the administrator drop their own admin role or disable themselves', async () => {
      const me = (await admin.agent.get('/auth/me').expect(200)).body;
      const id = (me.account ?? me).id as string;
      const form = await formOf(`/web/admin/accounts/${id}`);
      const res = await admin.agent
        .post(`/web/admin/accounts/${id}`)
        .type('form')
        .send({
          _csrf: form._csrf,
          revision: form.revision,
          displayName: 'Quản trị',
          roles: ['viewer'],
          status: 'disabled',
        })
        .expect(422);
      expect(res.text).toContain('Không thể tự bỏ quyền quản trị của chính mình');
      expect(res.text).toContain('Không thể tự khóa tài khoản của chính mình');
      const api = (await t.http.get(`/users/${id}`).expect(200)).body;
      expect(api).toMatchObject({ roles: ['admin'], status: 'active' });
    });
  });

  describe('fields of state management', () => {
    it('adds a field from the page (NFC, aliases one a line); it is stored and offered', async () => {
      const page = await admin.agent.get('/web/admin/fields').expect(200);
      expect(page.text).toContain('href="/web/admin/fields/tax"');
      const res = await admin.agent
        .post('/web/admin/fields')
        .type('form')
        .send({
          _csrf: hiddenField(page.text, '_csrf'),
          code: 'tourism-lodging',
          vi: 'Kinh doanh lưu trú'.normalize('NFD'),
          en: '',
          aliases: 'khách sạn\r\nnhà nghỉ, homestay\r\n',
        })
        .expect(303);
      expect(res.headers.location).toBe('/web/admin/fields?done=created&code=tourism-lodging');
      const api = (await t.http.get('/fields/tourism-lodging').expect(200)).body;
      expect(api).toMatchObject({
        vi: 'Kinh doanh lưu trú'.normalize('NFC'),
        en: 'Kinh doanh lưu trú'.normalize('NFC'),
        aliases: ['khách sạn', 'nhà nghỉ, homestay'],
        active: true,
      });
      const after = await admin.agent.get(res.headers.location).expect(200);
      expect(after.text).toContain('Đã thêm lĩnh vực');
    });

    it('refuses a bad code and a taken name beside the fields, keeping what was typed', async () => {
      const page = await admin.agent.get('/web/admin/fields').expect(200);
      const bad = await admin.agent
        .post('/web/admin/fields')
        .type('form')
        .send({ _csrf: hiddenField(page.text, '_csrf'), code: 'Lưu Trú', vi: 'Lưu trú' })
        .expect(400);
      expect(bad.text).toMatch(/id="f-code-error"[^>]*>.*Mã gồm chữ thường không dấu/);
      expect(bad.text).toContain('value="Lưu trú"');
      const taken = await admin.agent
        .post('/web/admin/fields')
        .type('form')
        .send({ _csrf: hiddenField(page.text, '_csrf'), code: 'thue-2', vi: 'THUẾ' })
        .expect(409);
      expect(taken.text).toMatch(/id="f-vi-error"[^>]*>.*Đã có lĩnh vực mang tên này/);
    });

    it('renames and deactivates a field on its page; a stale form is 409', async () => {
      const form = await formOf('/web/admin/fields/tourism-lodging');
      expect(form.html).toContain('0 cuộc thanh tra, kiểm tra dùng lĩnh vực này');
      await admin.agent
        .post('/web/admin/fields/tourism-lodging')
        .type('form')
        .send({
          _csrf: form._csrf,
          revision: form.revision,
          vi: 'Dịch vụ lưu trú',
          en: 'Lodging',
          aliases: 'khách sạn',
        })
        .expect(303);
      const renamed = (await t.http.get('/fields/tourism-lodging').expect(200)).body;
      expect(renamed).toMatchObject({
        vi: 'Dịch vụ lưu trú',
        aliases: ['khách sạn', 'Kinh doanh lưu trú'],
        active: false, // the box was not ticked
      });
      const stale = await admin.agent
        .post('/web/admin/fields/tourism-lodging')
        .type('form')
        .send({ _csrf: form._csrf, revision: form.revision, vi: 'Lưu trú', active: 'on' })
        .expect(409);
      expect(stale.text).toContain('Dữ liệu vừa được người khác sửa');
      const list = await admin.agent.get('/web/admin/fields').expect(200);
      expect(list.text).toMatch(/Dịch vụ lưu trú<\/td>.*Ngừng dùng/);
    });
  });
});
