// The two small pages of the unsubscribe link, in Vietnamese. Pure.

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}

export function unsubscribeConfirmPage(target: { nameVi: string }, token: string): string {
  return page(
    'Ngừng nhận thư tổng hợp',
    `<p>Bạn sẽ không nhận ${escapeHtml(target.nameVi)} nữa.</p>
<form method="post" action="${escapeHtml(encodeURIComponent(token))}"><button type="submit">Ngừng nhận</button></form>`,
  );
}

export function unsubscribedPage(target: { nameVi: string }): string {
  return page(
    'Đã ngừng nhận thư tổng hợp',
    `<p>Bạn đã ngừng nhận ${escapeHtml(target.nameVi)}. Có thể bật lại trong mục Thông báo sau khi đăng nhập.</p>`,
  );
}
