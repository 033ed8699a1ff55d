/* Unsaved text kept in this browser (localStorage, keys "greenplan:...:<user id>:...")
   belongs to the user who typed it:
   - logging out clears every greenplan key (the next user of the browser sees nothing);
   - a page of a logged-in user drops what other users left behind (their session ended
     without a logout) and keys of the old, unkeyed format ("greenplan:report:<id>");
   what the same user typed survives an expired session and is offered back. */
(function () {
  "use strict";
  var PREFIX = "greenplan:";

  function keys() {
    var found = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) found.push(key);
      }
    } catch (e) { /* storage disabled: nothing kept, nothing to clear */ }
    return found;
  }

  function remove(list) {
    list.forEach(function (key) {
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    });
  }

  function clearAll() { remove(keys()); }

  var user = document.body && document.body.dataset.user;
  if (user) {
    remove(keys().filter(function (key) {
      var parts = key.split(":");  // greenplan : kind : user : object
      return parts.length < 4 || parts[2] !== user;
    }));
  }
  if (document.body && document.body.hasAttribute("data-clear-drafts")) clearAll();
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-clear-drafts")) clearAll();
  }, true);
})();
