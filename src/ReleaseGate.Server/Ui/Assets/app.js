// The Control Center's one script: progressive enhancement only. Every page works without it; it adds keyboard
// shortcuts (elements carrying data-key) and nothing else. Loaded from the server itself: the Content-Security-Policy
// allows no inline script.
(function () {
  "use strict";
  // A choice (radio, checkbox) is picked by its shortcut and takes no typing, so shortcuts keep working while it has focus.
  function choice(target) {
    return target.tagName === "INPUT" && /^(radio|checkbox)$/.test(target.type);
  }
  function typing(target) {
    return target && (target.isContentEditable || (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !choice(target)));
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
    if (choice(target)) {
      target.click();
      target.focus();
    } else if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      target.focus();
    } else {
      target.click();
    }
  });
})();
