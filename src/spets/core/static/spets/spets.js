/* Spets: the little behaviour that pages declare with data attributes (no inline scripts: the
   Content-Security-Policy allows scripts from our own files only).
   - data-autosubmit on a field: submit its form when the value changes (filters without a button click);
   - data-select-on-click on an input: select its text on click (a link to copy). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.matches && field.matches("[data-autosubmit]") && field.form) {
      if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var field = event.target;
    if (field && field.matches && field.matches("input[data-select-on-click]")) field.select();
  });
})();
