// assetmap: the "Print this page" button, and the date a page is printed on.
// Without JavaScript the button stays hidden (it could do nothing), and a printed page gives
// only the date its details are from.
(function () {
  "use strict";

  function today() {
    var now = new Date();
    var lang = document.documentElement.lang || undefined;
    return {
      iso: now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
        String(now.getDate()).padStart(2, "0"),
      text: now.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" }),
    };
  }

  // A page written by hand (the list page) has no build date for a <time> to start from:
  // it holds a placeholder, which becomes the time here.
  function timeIn(note) {
    var time = note.querySelector("time");
    var placeholder = note.querySelector("[data-am-date]");
    if (!time && placeholder) {
      time = document.createElement("time");
      time.className = "am-printed__date";
      placeholder.replaceWith(time);
    }
    return time;
  }

  function datePrinted() {
    var date = today();
    document.querySelectorAll(".am-printed").forEach(function (note) {
      var time = timeIn(note);
      if (time) {
        time.dateTime = date.iso;
        time.textContent = date.text;
        note.hidden = false;
      }
    });
  }

  document.querySelectorAll(".am-print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  datePrinted();
  window.addEventListener("beforeprint", datePrinted);
})();
