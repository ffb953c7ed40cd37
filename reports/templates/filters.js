(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var count = document.getElementById("filter-count");
  function matches(li) {
    var selects = form.querySelectorAll("select[data-key]");
    for (var i = 0; i < selects.length; i++) {
      var want = selects[i].value;
      if (want && li.getAttribute("data-" + selects[i].getAttribute("data-key")) !== want) { return false; }
    }
    return true;
  }
  function apply() {
    var shown = 0;
    findings.forEach(function (li) {
      var ok = matches(li);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("div.rule-group").forEach(function (group) {
      group.hidden = !group.querySelector("li.finding:not([hidden])");
    });
    if (count) { count.textContent = "显示 " + shown + " / " + findings.length + " 项"; }
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.hidden = false;
  apply();
}());
