// Draws each chart on the page from its JSON data block with vega-embed (served locally).
// CSP-safe: `ast: true` makes vega-embed evaluate expressions with its interpreter instead of
// compiling them with Function(); no default stylesheet, action menu or tooltip element is added.
const OPTIONS = {
  ast: true,
  renderer: "svg",
  actions: false,
  defaultStyle: false,
  tooltip: false,
};

function drawAll() {
  const embed = window.vegaEmbed;
  for (const holder of document.querySelectorAll("[data-chart-spec]")) {
    const block = document.getElementById(holder.dataset.chartSpec);
    if (!block || typeof embed !== "function") continue;
    embed(holder, JSON.parse(block.textContent), OPTIONS)
      .then(() => holder.setAttribute("data-chart-drawn", "true"))
      .catch(() => {
        holder.textContent = "The chart could not be drawn. The table below has the same figures.";
      });
  }
}

drawAll();
