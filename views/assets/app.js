// Starts GOV.UK Frontend's components (the menu button on narrow screens, error summary focus,
// notification banners). Every page works without it.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
