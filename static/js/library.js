// Example page: toggle the tells overlay, and a magnifier driven by mouse,
// touch or keyboard. The page works without this file (links do the same).

const figure = document.querySelector("[data-figure]");
const tellsToggle = document.querySelector("[data-toggle-tells]");
const magnifierToggle = document.querySelector("[data-magnifier-toggle]");

if (figure && tellsToggle) {
  tellsToggle.addEventListener("click", (event) => {
    event.preventDefault();
    const on = figure.classList.toggle("tells-on");
    tellsToggle.setAttribute("aria-pressed", String(on));
    tellsToggle.textContent = on ? "Hide tells" : "Show tells";
  });
  tellsToggle.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      tellsToggle.click();
    }
  });
}

if (figure && magnifierToggle) {
  const lens = figure.querySelector("[data-lens]");
  const image = figure.querySelector("img");
  const ZOOM = 3;
  let active = false;
  let point = { x: 0.5, y: 0.5 };
  magnifierToggle.hidden = false;

  const draw = () => {
    const width = image.clientWidth;
    const height = image.clientHeight;
    lens.style.left = `${point.x * width}px`;
    lens.style.top = `${point.y * height}px`;
    lens.style.backgroundImage = `url("${figure.dataset.zoomSrc}")`;
    lens.style.backgroundSize = `${width * ZOOM}px ${height * ZOOM}px`;
    const half = lens.clientWidth / 2;
    lens.style.backgroundPosition = `${-(point.x * width * ZOOM - half)}px ${-(point.y * height * ZOOM - half)}px`;
  };

  const setActive = (on) => {
    active = on;
    lens.hidden = !on;
    figure.classList.toggle("magnifying", on);
    magnifierToggle.setAttribute("aria-pressed", String(on));
    if (on) draw();
  };

  const moveTo = (event) => {
    if (!active) return;
    const box = image.getBoundingClientRect();
    point = {
      x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
      y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)),
    };
    draw();
  };

  magnifierToggle.addEventListener("click", () => {
    setActive(!active);
    if (active) figure.focus();
  });
  figure.addEventListener("pointermove", moveTo);
  figure.addEventListener("pointerdown", (event) => {
    if (active) {
      event.preventDefault();
      moveTo(event);
    }
  });
  figure.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? 0.1 : 0.025;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key === "Escape" && active) {
      setActive(false);
      magnifierToggle.focus();
      return;
    }
    if (event.key === "m" || event.key === "M") {
      setActive(!active);
      return;
    }
    if (!active || !(event.key in moves)) return;
    event.preventDefault();
    const [dx, dy] = moves[event.key];
    point = { x: Math.min(1, Math.max(0, point.x + dx)), y: Math.min(1, Math.max(0, point.y + dy)) };
    draw();
  });
  window.addEventListener("resize", () => active && draw());
}
