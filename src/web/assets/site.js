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
      if (out && file.files && file.files[0]) out.textContent = 'Đã chọn: ' + file.files[0].name;
    });
  }
})();
