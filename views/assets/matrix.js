// The matrix as one stop for the Tab key (a roving tabindex): the arrow keys move between its
// links (recommendation refs, State names and cells), Home and End along a row, Ctrl+Home and
// Ctrl+End to the first and last cell, Page Up and Page Down ten rows.
// Enter or a click on a cell opens the pair's record form in a dialog; the form posts to the pair
// page's own address, which answers with this matrix, and the cell, its totals and a confirmation
// are taken from that answer. Without this script every cell is an ordinary link to the pair page,
// which comes back here after a record.

const PAGE_ROWS = 10;

function gridOf(table) {
  // One array per table row, indexed by column (colspans counted); a link or null per slot.
  return Array.from(table.rows)
    .map((row) => {
      const slots = [];
      for (const cell of Array.from(row.cells)) {
        const link = cell.colSpan === 1 ? cell.querySelector('a[href]') : null;
        for (let k = 0; k < cell.colSpan; k += 1) slots.push(link);
      }
      return slots;
    })
    .filter((slots) => slots.some(Boolean));
}

function positionOf(grid, link) {
  for (let r = 0; r < grid.length; r += 1) {
    const c = grid[r].indexOf(link);
    if (c >= 0) return { r, c };
  }
  return null;
}

/** The next link from (r, c) going by (dr, dc), skipping empty slots; null at the edge. */
function step(grid, r, c, dr, dc, times = 1) {
  let found = null;
  let row = r;
  let col = c;
  for (let n = 0; n < times; n += 1) {
    let next = null;
    for (;;) {
      row += dr;
      col += dc;
      if (row < 0 || row >= grid.length || col < 0 || col >= grid[row].length) break;
      if (grid[row][col]) {
        next = grid[row][col];
        break;
      }
    }
    if (!next) break;
    found = next;
  }
  return found;
}

function init(table) {
  const grid = gridOf(table);
  const links = grid.flat().filter(Boolean);
  if (links.length === 0) return;
  // The cell just recorded from, else the first cell, is the matrix's one tab stop.
  let current =
    table.querySelector('td.matrix-recorded a.cell') ?? table.querySelector('a.cell') ?? links[0];
  for (const link of links) link.tabIndex = -1;
  current.tabIndex = 0;

  const moveTo = (link) => {
    if (!link) return;
    current.tabIndex = -1;
    current = link;
    current.tabIndex = 0;
    current.focus({ preventScroll: true });
    current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };

  table.addEventListener('focusin', (event) => {
    const link = event.target;
    if (link !== current && links.includes(link)) {
      current.tabIndex = -1;
      current = link;
      current.tabIndex = 0;
    }
  });

  table.addEventListener('keydown', (event) => {
    if (event.altKey || event.metaKey) return;
    const at = positionOf(grid, event.target);
    if (!at) return;
    const { r, c } = at;
    const row = grid[r];
    let target;
    switch (event.key) {
      case 'ArrowRight':
        target = step(grid, r, c, 0, 1);
        break;
      case 'ArrowLeft':
        target = step(grid, r, c, 0, -1);
        break;
      case 'ArrowDown':
        target = step(grid, r, c, 1, 0);
        break;
      case 'ArrowUp':
        target = step(grid, r, c, -1, 0);
        break;
      case 'PageDown':
        target = step(grid, r, c, 1, 0, PAGE_ROWS);
        break;
      case 'PageUp':
        target = step(grid, r, c, -1, 0, PAGE_ROWS);
        break;
      case 'Home':
        target = event.ctrlKey ? links[0] : row.find(Boolean);
        break;
      case 'End':
        target = event.ctrlKey ? links[links.length - 1] : [...row].reverse().find(Boolean);
        break;
      default:
        return;
    }
    event.preventDefault();
    moveTo(target);
  });

  document.getElementById('matrix-keys')?.removeAttribute('hidden');
}

/** Gives the ids of a fragment of another page a prefix, and the references to them too. */
function prefixIds(root, prefix) {
  const renamed = (value) =>
    value
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => prefix + id)
      .join(' ');
  for (const el of root.querySelectorAll('[id]')) el.id = prefix + el.id;
  for (const el of root.querySelectorAll('label[for]')) el.htmlFor = prefix + el.htmlFor;
  for (const el of root.querySelectorAll('[aria-describedby]')) {
    el.setAttribute('aria-describedby', renamed(el.getAttribute('aria-describedby')));
  }
  for (const el of root.querySelectorAll('a[href^="#"]')) {
    el.setAttribute('href', `#${prefix}${el.getAttribute('href').slice(1)}`);
  }
}

function recordInDialog(table, dialog) {
  const body = dialog.querySelector('[data-dialog-body]');
  const title = dialog.querySelector('#matrix-dialog-title');
  const statusRegion = document.getElementById('matrix-message');
  let link = null;

  const fetchPage = (url, init) =>
    window.fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' }, ...init });
  const parse = async (res) =>
    new window.DOMParser().parseFromString(await res.text(), 'text/html');

  /** Shows the record section of a pair page in the dialog; false when it has no form. */
  const showForm = (doc) => {
    const section = doc.querySelector("section[aria-labelledby='record-heading']");
    if (!section?.querySelector('form')) return false;
    // "Record the fact" for a recommendation measured by facts, else "Record an assessment".
    const heading = section.querySelector('#record-heading');
    const what = heading?.textContent.trim() || 'Record an assessment';
    heading?.remove();
    prefixIds(section, 'dialog-');
    const pair = doc.querySelector('h1')?.textContent.replace(/\s+/g, ' ').trim();
    title.textContent = pair ? `${what}: ${pair}` : what;
    const more = document.createElement('p');
    const history = document.createElement('a');
    history.className = 'govuk-link';
    history.href = link.href;
    history.textContent = 'Open the pair page, with its history';
    more.append(history);
    body.replaceChildren(...section.childNodes, more);
    return true;
  };

  const problem = (text) => {
    const p = document.createElement('p');
    p.className = 'form-error';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    body.prepend(p);
  };

  /** Takes the recorded cell, its row's and column's totals and the confirmation from the matrix answered. */
  const update = (doc) => {
    for (const old of table.querySelectorAll('td.matrix-recorded')) {
      old.classList.remove('matrix-recorded');
      old.querySelector('a.cell')?.removeAttribute('aria-describedby');
    }
    const td = link.closest('td');
    const fresh = doc.getElementById(td.id);
    const freshLink = fresh?.querySelector('a.cell');
    if (fresh && freshLink) {
      td.className = fresh.className;
      for (const name of ['class', 'href', 'title', 'aria-label', 'aria-describedby']) {
        const value = freshLink.getAttribute(name);
        if (value === null) link.removeAttribute(name);
        else link.setAttribute(name, value);
      }
      link.textContent = freshLink.textContent;
      for (const mark of table.querySelectorAll('.matrix-row-recorded')) mark.remove();
      for (const selector of ['td.matrix-sum', 'th.matrix-state']) {
        const mine = td.parentElement.querySelector(selector);
        const theirs = fresh.parentElement.querySelector(selector);
        if (mine && theirs) mine.replaceWith(document.importNode(theirs, true));
      }
    }
    const foot = table.querySelector('tfoot');
    const freshFoot = doc.querySelector('table.matrix tfoot');
    if (foot && freshFoot) foot.replaceWith(document.importNode(freshFoot, true));
    const figures = document.querySelector('.matrix-page .app-figures');
    const freshFigures = doc.querySelector('.matrix-page .app-figures');
    if (figures && freshFigures) figures.replaceWith(document.importNode(freshFigures, true));
    const message = doc.getElementById('matrix-recorded');
    if (statusRegion && message) statusRegion.replaceChildren(document.importNode(message, true));
  };

  const submit = async (form) => {
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    let res;
    try {
      res = await fetchPage(form.action, {
        method: 'POST',
        body: new window.URLSearchParams(new window.FormData(form)),
      });
    } catch {
      if (button) button.disabled = false;
      problem('The assessment could not be sent. Check the connection and try again.');
      return;
    }
    const doc = await parse(res);
    if (res.ok && new window.URL(res.url).pathname === '/matrix') {
      update(doc);
      dialog.close();
      // The confirmation above the matrix and the cell in view together, the focus on the cell.
      statusRegion?.scrollIntoView({ block: 'start' });
      link.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      return;
    }
    if ((res.status === 400 || res.status === 409) && showForm(doc)) {
      const alert = body.querySelector('.govuk-error-summary, .form-error');
      if (alert) {
        alert.tabIndex = -1;
        alert.focus();
      }
      return;
    }
    if (button) button.disabled = false;
    problem(`The assessment was not recorded (${res.status}). Open the pair page to try there.`);
  };

  body.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof window.HTMLFormElement)) return;
    event.preventDefault();
    void submit(form);
  });
  dialog.querySelector('[data-close]')?.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    body.replaceChildren();
    link?.focus();
  });

  table.addEventListener('click', async (event) => {
    const target = event.target instanceof window.Element ? event.target.closest('a.cell') : null;
    if (!target || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    link = target;
    try {
      const res = await fetchPage(new window.URL(link.href).toString());
      if (res.ok && showForm(await parse(res))) {
        dialog.showModal();
        dialog.querySelector('select, input:not([type=hidden]), textarea')?.focus();
        return;
      }
    } catch {
      // Fall through to the pair page.
    }
    // Read-only for this user, or the form could not be had: the pair page itself.
    window.location.assign(link.href);
  });
}

const table = document.querySelector('table.matrix');
if (table) {
  init(table);
  const dialog = document.getElementById('matrix-dialog');
  if (dialog && typeof dialog.showModal === 'function') recordInDialog(table, dialog);
}
