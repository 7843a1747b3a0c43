// Deep linking: send the chosen items back to the LMS at once. Without JavaScript the
// page's "Continue to the LMS" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-auto-submit]");
  if (form) { form.submit(); }
})();
