// The cooperation map: ministries on a circle, a line for each pair that shares partnerships
// (thicker for more partnerships or more money, whichever the page chose: each node's and
// link's `value`), each ministry a link to the portfolio filtered on it. Plain SVG, no library.
document.addEventListener("DOMContentLoaded", function () {
  const svg = document.querySelector("svg[data-graph]");
  if (!svg) {
    return;
  }
  const graph = JSON.parse(document.getElementById(svg.dataset.graph).textContent);
  const NS = "http://www.w3.org/2000/svg";
  const size = 800;
  const centre = size / 2;
  const radius = size / 2 - 90;
  const rtl = document.documentElement.dir === "rtl";
  const most = Math.max(1, ...graph.nodes.map((n) => n.value));
  const mostLinked = Math.max(1, ...graph.links.map((l) => l.value));
  const place = {};
  graph.nodes.forEach(function (node, i) {
    const angle = (2 * Math.PI * i) / graph.nodes.length - Math.PI / 2;
    place[node.id] = {
      x: centre + (rtl ? -1 : 1) * radius * Math.cos(angle),
      y: centre + radius * Math.sin(angle),
      angle: angle,
    };
  });
  const lines = document.createElementNS(NS, "g");
  lines.setAttribute("class", "map-links");
  graph.links.forEach(function (link) {
    if (!link.value) {
      return; // no money shared in this currency: no line
    }
    const a = place[link.source];
    const b = place[link.target];
    const line = document.createElementNS(NS, "line");
    line.setAttribute("x1", a.x);
    line.setAttribute("y1", a.y);
    line.setAttribute("x2", b.x);
    line.setAttribute("y2", b.y);
    line.setAttribute("stroke-width", String(1 + (5 * link.value) / mostLinked));
    // Coloured by the trust between the pair (relationship surveys); the table below lists the same figures.
    if (link.trust !== null && link.trust !== undefined) {
      const trust = Number(link.trust);
      line.classList.add(trust >= 3 ? "trust-high" : trust >= 2 ? "trust-mid" : "trust-low");
    }
    line.dataset.source = link.source;
    line.dataset.target = link.target;
    lines.appendChild(line);
  });
  svg.appendChild(lines);
  graph.nodes.forEach(function (node) {
    const p = place[node.id];
    const anchor = document.createElementNS(NS, "a");
    anchor.setAttribute("href", graph.portfolio_url + "?ministry=" + node.id);
    anchor.setAttribute("class", "map-node");
    // The name read out starts with the short name shown beside the circle (WCAG 2.5.3, label in name).
    const spoken = node.short && node.short !== node.name ? node.short + ", " + node.name : node.name;
    anchor.setAttribute("aria-label", spoken + ": " + node.partnerships);
    const circle = document.createElementNS(NS, "circle");
    circle.setAttribute("cx", p.x);
    circle.setAttribute("cy", p.y);
    circle.setAttribute("r", String(6 + (14 * node.value) / most));
    const label = document.createElementNS(NS, "text");
    const outward = 28;
    label.setAttribute("x", centre + (p.x - centre) * (1 + outward / radius));
    label.setAttribute("y", centre + (p.y - centre) * (1 + outward / radius));
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("dominant-baseline", "middle");
    label.textContent = node.short;
    const title = document.createElementNS(NS, "title");
    title.textContent = node.name;
    anchor.appendChild(title);
    anchor.appendChild(circle);
    anchor.appendChild(label);
    // Hovering or focusing a ministry highlights its links.
    function highlight(on) {
      lines.querySelectorAll("line").forEach(function (line) {
        const mine = line.dataset.source == node.id || line.dataset.target == node.id;
        line.classList.toggle("is-highlighted", on && mine);
        line.classList.toggle("is-faded", on && !mine);
      });
    }
    anchor.addEventListener("mouseenter", function () { highlight(true); });
    anchor.addEventListener("mouseleave", function () { highlight(false); });
    anchor.addEventListener("focus", function () { highlight(true); });
    anchor.addEventListener("blur", function () { highlight(false); });
    svg.appendChild(anchor);
  });
});
