(function () {
  "use strict";
  var form = document.querySelector(".dt-plan-form");
  function lines(area) {
    return area.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean).slice(0, 20);
  }
  function contact(line) {
    var at = line.indexOf(": ");
    return at > 0 ? {name: line.slice(0, at).trim(), contact: line.slice(at + 2).trim() || null} : {name: line, contact: null};
  }
  function ids(name) {
    return (form.getAttribute(name) || "").split(" ").filter(Boolean);
  }
  document.getElementById("dt-print").addEventListener("click", function () { window.print(); });
  document.getElementById("dt-save").addEventListener("click", function () {
    var plan = {format_version: 1, techniques: ids("data-techniques"), services: ids("data-services")};
    form.querySelectorAll("textarea").forEach(function (area) {
      var key = area.name.replace(/-/g, "_");
      plan[key] = area.getAttribute("data-contacts") === "true" ? lines(area).map(contact) : lines(area);
    });
    var blob = new Blob([JSON.stringify(plan, null, 2) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "safety-plan.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });
})();
