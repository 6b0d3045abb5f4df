// Site-wide behaviour. Everything works without this file; it only adds polish.

// Move focus to swapped-in content that asks for it, so keyboard and screen
// reader users land on the new question or result after an htmx swap.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.elt?.querySelector?.("[data-autofocus]") ?? null;
  if (target) {
    target.focus({ preventScroll: false });
  }
});
