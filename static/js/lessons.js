// Lesson interactives: progressive enhancement of server-rendered widgets.
// Every part works without this file; see templates/literacy/widgets/.

const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

// GAN training replay: the slider updates the image and the numbers in place.
for (const widget of document.querySelectorAll(".gan-replay")) {
  const slider = widget.querySelector("[data-replay-slider]");
  const steps = [...widget.querySelectorAll(".replay-steps li")].map((li) => li.dataset);
  const image = widget.querySelector("[data-replay-image]");
  const label = widget.querySelector("[data-replay-label]");
  const facts = widget.querySelector("[data-replay-facts]");
  if (!slider || !steps.length) continue;
  const show = (index) => {
    const s = steps[index];
    image.src = s.url;
    image.alt = `An 8 by 8 grid of digits the generator drew at training step ${s.step}.`;
    label.textContent = `Step ${s.step}`;
    slider.setAttribute("aria-valuetext", `step ${s.step}`);
    facts.querySelector('[data-f="step"]').textContent = s.step;
    facts.querySelector('[data-f="d_acc"]').textContent = `${Math.round(Number(s.dAcc) * 100)} %`;
    facts.querySelector('[data-f="d_loss"]').textContent = Number(s.dLoss).toFixed(3);
    facts.querySelector('[data-f="g_loss"]').textContent = Number(s.gLoss).toFixed(3);
  };
  slider.addEventListener("input", () => show(Number(slider.value)));
}

// Latent explorer: a pad over the latent plane; the decoded tile is cut from
// the sprite sheet. Pointer, touch and arrow keys all move the marker.
for (const host of document.querySelectorAll("[data-latent]")) {
  const n = Number(host.dataset.n);
  const lo = Number(host.dataset.lo);
  const hi = Number(host.dataset.hi);
  const sprite = host.dataset.sprite;
  const pad = document.createElement("div");
  pad.className = "latent-pad";
  pad.tabIndex = 0;
  pad.setAttribute("role", "slider");
  pad.setAttribute("aria-label", "Point in the latent space. Arrow keys move it.");
  const grid = host.querySelector("img");
  grid.setAttribute("aria-hidden", "true");
  grid.alt = "";
  pad.append(grid);
  const marker = document.createElement("div");
  marker.className = "marker";
  pad.append(marker);
  const output = document.createElement("div");
  output.className = "latent-output";
  const tile = document.createElement("div");
  tile.className = "latent-tile";
  tile.setAttribute("role", "img");
  const readout = document.createElement("p");
  readout.setAttribute("aria-live", "polite");
  output.append(tile, readout);
  host.replaceChildren(pad, output);
  let col = Math.floor(n / 2);
  let row = Math.floor(n / 2);
  const draw = () => {
    const z1 = lo + (col * (hi - lo)) / (n - 1);
    const z2 = hi - (row * (hi - lo)) / (n - 1);
    marker.style.left = `${((col + 0.5) / n) * 100}%`;
    marker.style.top = `${((row + 0.5) / n) * 100}%`;
    const size = tile.clientWidth || 112;
    tile.style.backgroundImage = `url("${sprite}")`;
    tile.style.backgroundSize = `${size * n}px ${size * n}px`;
    tile.style.backgroundPosition = `${-col * size}px ${-row * size}px`;
    const text = `z = (${z1.toFixed(2)}, ${z2.toFixed(2)})`;
    readout.textContent = `The decoder's drawing at ${text}.`;
    tile.setAttribute("aria-label", `Decoded digit at ${text}`);
    pad.setAttribute("aria-valuetext", text);
  };
  const fromPointer = (event) => {
    const box = pad.getBoundingClientRect();
    col = Math.min(n - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * n)));
    row = Math.min(n - 1, Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * n)));
    draw();
  };
  let dragging = false;
  pad.addEventListener("pointerdown", (e) => { dragging = true; pad.setPointerCapture(e.pointerId); fromPointer(e); });
  pad.addEventListener("pointermove", (e) => dragging && fromPointer(e));
  pad.addEventListener("pointerup", () => { dragging = false; });
  pad.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (!(e.key in moves)) return;
    e.preventDefault();
    col = Math.min(n - 1, Math.max(0, col + moves[e.key][0]));
    row = Math.min(n - 1, Math.max(0, row + moves[e.key][1]));
    draw();
  });
  draw();
}

// Diffusion: a slider that steps every chain through its frames together.
for (const widget of document.querySelectorAll('[data-widget="diffusion-steps"]')) {
  const chains = [...widget.querySelectorAll(".diffusion-chain")];
  if (!chains.length) continue;
  const frames = chains[0].querySelectorAll(".frames li").length;
  const controls = document.createElement("div");
  controls.className = "cluster";
  const label = document.createElement("label");
  label.textContent = "Denoising step";
  label.htmlFor = "diffusion-step";
  const slider = document.createElement("input");
  slider.type = "range";
  slider.id = "diffusion-step";
  slider.min = "0";
  slider.max = String(frames - 1);
  slider.value = String(frames - 1);
  const play = document.createElement("button");
  play.type = "button";
  play.className = "secondary";
  play.textContent = "Play";
  controls.append(label, slider, play);
  widget.querySelector("h3").after(controls);
  const show = (i) => {
    for (const chain of chains) {
      chain.querySelectorAll(".frames li").forEach((li, j) => li.classList.toggle("visually-hidden", j > i));
    }
    const t = chains[0].querySelectorAll(".frames li")[i].querySelector("span").textContent;
    slider.setAttribute("aria-valuetext", t);
  };
  slider.addEventListener("input", () => show(Number(slider.value)));
  let timer = null;
  play.addEventListener("click", () => {
    if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; return; }
    let i = 0;
    show(0);
    slider.value = "0";
    if (reduceMotion) { slider.value = String(frames - 1); show(frames - 1); return; }
    play.textContent = "Pause";
    timer = setInterval(() => {
      i += 1;
      if (i >= frames) { clearInterval(timer); timer = null; play.textContent = "Play"; return; }
      slider.value = String(i);
      show(i);
    }, 500);
  });
}
