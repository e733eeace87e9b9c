// Starts GOV.UK Frontend components, and again inside content that HTMX swaps in.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
document.body.addEventListener("htmx:afterSwap", (event) => {
  initAll({ scope: event.target });
});
