// Site-wide behaviour. Everything works without this file; it only adds polish.

// Mark the page as one that htmx drives (htmx's deferred script runs before
// this module), so CSS can show what is true only then, such as "updates
// while students work", and what is true only without it.
if (window.htmx) {
  document.documentElement.classList.add("has-htmx");
}

// Move focus to swapped-in content that asks for it, so keyboard and screen
// reader users land on the new question or result after an htmx swap.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.elt?.querySelector?.("[data-autofocus]") ?? null;
  if (target) {
    target.focus({ preventScroll: false });
  }
});
