// Data entry, made quicker with JavaScript; every task works without it.
// - The confirmation of a record gets the focus (the fragment already scrolled to it).
// - Recorded-at times are shown in the reader's own time zone.
// - The bulk update's States can be narrowed by typing.
// - "Go to a State" focuses that State's Record control without leaving the page.
(function () {
  'use strict';

  function focusConfirmation() {
    var message = document.querySelector('[data-confirmation]');
    if (!message) return;
    message.scrollIntoView({ block: 'center' });
    message.focus({ preventScroll: true });
  }

  function localTimes() {
    var format;
    try {
      format = new Intl.DateTimeFormat(undefined, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZoneName: 'short',
      });
    } catch {
      return;
    }
    document.querySelectorAll('time[data-local]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      // Written as the rest of the app writes dates: "30 Nov 2026, 04:16 GMT+1".
      var part = {};
      format.formatToParts(date).forEach(function (p) {
        part[p.type] = p.value;
      });
      el.title = el.textContent;
      el.textContent =
        part.day +
        ' ' +
        part.month +
        ' ' +
        part.year +
        ', ' +
        part.hour +
        ':' +
        part.minute +
        ' ' +
        part.timeZoneName;
    });
  }

  function stateFilter() {
    var box = document.querySelector('[data-filter]');
    if (!box) return;
    var input = box.querySelector('input');
    var count = box.querySelector('[data-filter-count]');
    var items = document.querySelectorAll('[data-state]');
    box.hidden = false;
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        var match = q === '' || li.getAttribute('data-state').toLowerCase().indexOf(q) !== -1;
        li.hidden = !match;
        if (match) shown += 1;
      });
      document.querySelectorAll('[data-region]').forEach(function (region) {
        region.hidden = q !== '' && !region.querySelector('[data-state]:not([hidden])');
      });
      count.textContent = q === '' ? '' : shown + ' of ' + items.length + ' States shown';
    });
  }

  function jumpToState() {
    var form = document.querySelector('form[data-jump]');
    if (!form) return;
    var input = form.querySelector('input[name=state]');
    var message = form.querySelector('[data-jump-message]');
    form.addEventListener('submit', function (event) {
      var q = input.value.trim().toLowerCase();
      if (q === '') return;
      var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-code]'));
      var row =
        rows.find(function (r) {
          return r.getAttribute('data-code').toLowerCase() === q;
        }) ||
        rows.find(function (r) {
          return r.getAttribute('data-name').toLowerCase().indexOf(q) === 0;
        });
      event.preventDefault();
      if (!row) {
        message.textContent = 'No State of this recommendation matches "' + input.value + '".';
        return;
      }
      message.textContent = '';
      var target = row.querySelector('summary') || row.querySelector('a');
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    });
  }

  function start() {
    localTimes();
    stateFilter();
    jumpToState();
    focusConfirmation();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
