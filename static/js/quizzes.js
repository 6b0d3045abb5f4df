// Spot-the-manipulation: click, tap or arrow keys place a marker; the answer is
// sent as normalised x, y. Without this file the image is an <input type="image">
// and the browser sends the click position itself.

const setup = (root) => {
  for (const spot of root.querySelectorAll("[data-spot]:not(.enhanced)")) {
    const form = spot.closest("form");
    const image = spot.querySelector(".spot-image");
    const xInput = spot.querySelector("[data-spot-x]");
    const yInput = spot.querySelector("[data-spot-y]");
    const submit = form.querySelector("[data-spot-submit]");
    spot.classList.add("enhanced");
    // The image becomes a picture with a marker; the Answer button submits.
    const picture = document.createElement("img");
    picture.src = image.src;
    picture.alt = "Photo to search. Click or tap where it was changed, or move the ring with the arrow keys.";
    picture.className = "spot-image";
    picture.tabIndex = 0;
    picture.setAttribute("aria-describedby", form.querySelector(".prompt")?.id || "");
    image.replaceWith(picture);
    const marker = document.createElement("span");
    marker.className = "marker";
    marker.hidden = true;
    spot.append(marker);
    for (const hint of form.querySelectorAll("[data-spot-hint]")) {
      hint.hidden = hint.dataset.spotHint !== "enhanced";
    }
    submit.hidden = false;
    submit.disabled = true;
    let point = { x: 0.5, y: 0.5 };
    const place = () => {
      xInput.value = point.x.toFixed(4);
      yInput.value = point.y.toFixed(4);
      marker.hidden = false;
      marker.style.left = `${point.x * 100}%`;
      marker.style.top = `${point.y * 100}%`;
      submit.disabled = false;
    };
    picture.addEventListener("pointerdown", (event) => {
      const box = picture.getBoundingClientRect();
      point = {
        x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
        y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)),
      };
      place();
    });
    picture.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 0.1 : 0.03;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (event.key === "Enter" && !submit.disabled) {
        event.preventDefault();
        form.requestSubmit(submit);
        return;
      }
      if (!(event.key in moves)) return;
      event.preventDefault();
      point = {
        x: Math.min(1, Math.max(0, point.x + moves[event.key][0])),
        y: Math.min(1, Math.max(0, point.y + moves[event.key][1])),
      };
      place();
    });
  }
};

setup(document);
document.addEventListener("htmx:afterSettle", (event) => setup(event.detail.elt));

// A refused answer (400: not a valid answer; 409: past the due date, time up,
// already finished) comes back as the refusal partial, which the server
// retargets to #quiz-alert. htmx 2 does not swap a 4xx reply by default, so
// without this the learner would see nothing happen.
document.addEventListener("htmx:beforeSwap", (event) => {
  const reply = event.detail.xhr;
  if ((reply.status === 400 || reply.status === 409) && reply.getResponseHeader("HX-Retarget")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
