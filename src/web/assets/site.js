// A little progressive enhancement; every page works without it.
(function () {
  'use strict';
  // After a refused form, put the keyboard on the list of errors.
  var summary = document.querySelector('[data-focus]');
  if (summary) summary.focus();
  // Ask before an action that cannot be undone (the form still posts without script).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });
  // Copy a feed address with one press.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-copy]');
    if (!button || !navigator.clipboard) return;
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = 'Đã chép địa chỉ';
    });
  });
  // Show the chosen file's name beside the file field.
  var file = document.querySelector('input[type=file][data-file-name]');
  if (file) {
    var out = document.getElementById(file.getAttribute('data-file-name'));
    file.addEventListener('change', function () {
      var chosen = file.files && file.files[0];
      if (!out) return;
      out.textContent = chosen
        ? 'Đã chọn: ' + chosen.name + ' (' + Math.max(1, Math.round(chosen.size / 1024)) + ' KB)'
        : 'Chưa chọn tệp nào.';
    });
    var zone = file.closest('[data-dropzone]');
    if (zone) {
      file.addEventListener('dragenter', function () { zone.classList.add('dragover'); });
      ['dragleave', 'drop'].forEach(function (e) {
        file.addEventListener(e, function () { zone.classList.remove('dragover'); });
      });
    }
  }
  // Tax code checked as it is typed (the rules of src/domain/tax-code.ts; the server checks
  // again), and the enterprise's name looked up when the code is whole.
  var WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  function taxCodeProblem(input) {
    var raw = input.replace(/\s+/g, '');
    if (raw === '') return '';
    var m = /^(\d{10})(?:-?(\d{3}))?$/.exec(raw);
    if (!m) {
      if (/^\d{0,9}$/.test(raw)) return 'Còn thiếu chữ số: cần 10 chữ số (đã nhập ' + raw.length + ')';
      return 'Mã số thuế "' + raw + '" không đúng định dạng: cần 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN';
    }
    var s = 0;
    for (var i = 0; i < 9; i++) s += WEIGHTS[i] * (m[1].charCodeAt(i) - 48);
    var d10 = 10 - (s % 11);
    if (d10 === 10 || d10 !== Number(m[1][9]))
      return 'Mã số thuế "' + m[1] + '" sai chữ số kiểm tra (chữ số thứ 10)';
    if (m[2] === '000')
      return 'Mã số thuế đơn vị phụ thuộc "' + m[1] + '-000" có phần đuôi 000 không hợp lệ (từ 001 đến 999)';
    return null;
  }
  var tax = document.querySelector('input[data-tax-code]');
  if (tax) {
    var status = document.getElementById(tax.getAttribute('data-tax-status'));
    var nameInput = document.getElementById(tax.getAttribute('data-tax-name'));
    var asked = '';
    var check = function () {
      var problem = taxCodeProblem(tax.value);
      status.className = 'meta tax-check' + (problem ? ' bad' : problem === null ? ' ok' : '');
      if (problem || problem === '') {
        status.textContent = problem || '';
        if (problem) tax.setAttribute('aria-invalid', 'true');
        else tax.removeAttribute('aria-invalid');
        return;
      }
      tax.removeAttribute('aria-invalid');
      var code = tax.value.replace(/\s+/g, '');
      if (/^\d{13}$/.test(code)) code = code.slice(0, 10) + '-' + code.slice(10);
      status.textContent = 'Mã số thuế hợp lệ.';
      if (code === asked || !window.fetch) return;
      asked = code;
      fetch('/enterprises?pageSize=5&q=' + encodeURIComponent(code), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (page) {
          if (asked !== code) return;
          var found = page && page.items && page.items.filter(function (e) { return e.taxCode === code; })[0];
          if (found) {
            status.textContent = 'Mã số thuế hợp lệ: ' + found.name + '.';
            if (nameInput && !nameInput.value) nameInput.value = found.name;
          } else {
            status.textContent = 'Mã số thuế hợp lệ; doanh nghiệp chưa có trong hệ thống: hãy nhập tên.';
          }
        })
        .catch(function () { /* the server checks on submit */ });
    };
    tax.addEventListener('input', check);
    if (tax.value) check();
  }
  // Beside each date (and date-time) input, the chosen day as Vietnamese read it: the
  // browser's picker writes it in its own locale, month first on an English system.
  var WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
  function readDay(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value || '');
    if (!m) return '';
    var day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (day.getUTCDate() !== Number(m[3]) || day.getUTCMonth() !== Number(m[2]) - 1) return '';
    var text = WEEKDAYS[day.getUTCDay()] + ', ' + m[3] + '/' + m[2] + '/' + m[1];
    return m[4] ? text + ' lúc ' + m[4] + ':' + m[5] : text;
  }
  var dates = document.querySelectorAll('input[type=date], input[type=datetime-local]');
  for (var k = 0; k < dates.length; k++) {
    (function (input, n) {
      var out = document.getElementById(input.getAttribute('data-date-read') || '');
      if (!out) {
        // A page without a reading of its own gets one, announced and tied to the input.
        out = document.createElement('p');
        out.className = 'date-read';
        out.id = (input.id || 'date-' + n) + '-read';
        out.setAttribute('aria-live', 'polite');
        input.insertAdjacentElement('afterend', out);
        var described = input.getAttribute('aria-describedby');
        input.setAttribute('aria-describedby', (described ? described + ' ' : '') + out.id);
      }
      var empty = out.getAttribute('data-empty') ||
        (input.type === 'datetime-local' ? 'ngày/tháng/năm giờ:phút' : 'ngày/tháng/năm');
      var show = function () {
        var text = readDay(input.value) || empty;
        if (out.textContent !== text) out.textContent = text;
      };
      input.addEventListener('input', show);
      input.addEventListener('change', show);
      show();
    })(dates[k], k);
  }
  // The window as a month, a quarter or days: show only the chosen way of writing it.
  var kinds = document.querySelector('[data-window-kinds]');
  if (kinds) {
    var showKind = function () {
      var chosen = kinds.querySelector('input[name=windowKind]:checked');
      var parts = kinds.querySelectorAll('[data-window-kind]');
      for (var j = 0; j < parts.length; j++)
        parts[j].hidden = chosen && parts[j].getAttribute('data-window-kind') !== chosen.value;
    };
    kinds.addEventListener('change', showKind);
    showKind();
  }
})();
