// The matrix as one stop for the Tab key (a roving tabindex): the arrow keys move between its
// links (recommendation refs, State names and cells), Home and End along a row, Ctrl+Home and
// Ctrl+End to the first and last cell, Page Up and Page Down ten rows. Enter follows the link as
// usual. Without this script every cell is an ordinary link.

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
  let current = table.querySelector('a.cell') ?? links[0];
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

const table = document.querySelector('table.matrix');
if (table) init(table);
