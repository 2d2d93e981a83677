// The Control Center's one script: progressive enhancement only. Every page works without it; it adds keyboard
// shortcuts (elements carrying data-key) and nothing else. Loaded from the server itself: the Content-Security-Policy
// allows no inline script.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var target = document.querySelector('[data-key="' + CSS.escape(event.key.toLowerCase()) + '"]');
    if (!target) {
      return;
    }
    event.preventDefault();
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      target.focus();
    } else {
      target.click();
    }
  });
})();
