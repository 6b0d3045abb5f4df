// Busy state for forms that post: once a form is sent, it is marked
// aria-busy and its submit buttons are disabled until the answer comes back,
// so a slow sign-up or login shows that something is happening and a second
// click sends nothing twice. Without this file the forms work the same.

const buttonsOf = (form) => [
  ...form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]"),
  ...(form.id ? document.querySelectorAll(`[form="${CSS.escape(form.id)}"][type=submit]`) : []),
];

const setBusy = (form, submitter) => {
  form.setAttribute("aria-busy", "true");
  submitter?.setAttribute("data-busy-submitter", "");
  for (const button of buttonsOf(form)) {
    if (!button.disabled) {
      button.disabled = true;
      button.setAttribute("data-busy-disabled", "");
    }
  }
};

const clearBusy = (form) => {
  form.removeAttribute("aria-busy");
  for (const button of form.querySelectorAll("[data-busy-submitter]")) {
    button.removeAttribute("data-busy-submitter");
  }
  for (const button of buttonsOf(form)) {
    if (button.hasAttribute("data-busy-disabled")) {
      button.disabled = false;
      button.removeAttribute("data-busy-disabled");
    }
  }
};

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method !== "post" || form.target === "_blank") return;
  if (form.getAttribute("aria-busy") === "true") {
    event.preventDefault(); // the first submission is still on its way
    return;
  }
  const submitter = event.submitter;
  // After this turn: the browser (or htmx) has already read the submitter's
  // name and value, which a disabled button would drop.
  setTimeout(() => setBusy(form, submitter), 0);
});

// htmx answers in place: the form (if it is still on the page) is free again.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest?.("form");
  if (form) clearBusy(form);
});

// Coming back with the Back button restores the page as it was left.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[aria-busy=true]")) clearBusy(form);
});
