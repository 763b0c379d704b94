// The MSP console: "select all" for the customers shown, and focus kept sensible when htmx swaps
// the table (after sorting: the sorted column's button) or shows a bulk action's summary (its heading).
(function () {
  'use strict';

  document.addEventListener('change', function (event) {
    if (!event.target.matches || !event.target.matches('#select-all')) {
      return;
    }
    document.querySelectorAll('#customer-rows input[name="customer"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.addEventListener('htmx:afterSettle', function (event) {
    var target = event.detail.target;
    if (!target) {
      return;
    }
    if (target.id === 'bulk-result') {
      var heading = document.getElementById('bulk-result-heading');
      if (heading) {
        heading.focus();
      }
      return;
    }
    // the table was swapped with the sort button in it: focus went to the page's body
    var focused = document.activeElement;
    if (!focused || focused === document.body) {
      var sorted = document.querySelector('#customer-rows button[data-sorted]');
      if (sorted) {
        sorted.focus();
      }
    }
  });
})();
