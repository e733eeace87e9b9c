// Draws a child's network of concern with Cytoscape.js (served locally, never a CDN) from the
// page's JSON data block. The table above it has the same data; the drawing is hidden from
// screen readers (aria-hidden) because the table is the accessible form.
const COLOURS = {
  focus: "#1d70b8",
  child: "#5694ca",
  person: "#d4351c",
  place: "#00703c",
  phone: "#f47738",
  vehicle: "#4c2c92",
  handle: "#912b88",
};

function draw() {
  const holder = document.querySelector("[data-graph]");
  const block = holder && document.getElementById(holder.dataset.graph);
  if (!holder || !block || typeof window.cytoscape !== "function") return;
  const graph = JSON.parse(block.textContent);
  holder.style.height = "480px";
  holder.style.border = "1px solid #b1b4b6";
  window.cytoscape({
    container: holder,
    elements: [...graph.nodes, ...graph.edges],
    layout: { name: "cose", animate: false },
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-family": "arial, sans-serif",
          "font-size": 12,
          "background-color": (node) => COLOURS[node.data("type")] || "#505a5f",
          shape: (node) => (["focus", "child"].includes(node.data("type")) ? "ellipse" : "round-rectangle"),
        },
      },
      { selector: "edge", style: { width: 2, "line-color": "#b1b4b6" } },
    ],
  });
  holder.setAttribute("data-graph-drawn", "true");
}

draw();
