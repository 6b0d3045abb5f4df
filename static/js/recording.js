// A recording's library page: "Play this part" plays a tell's time range in the page's
// own player (without JavaScript the link opens the recording at that time instead).
const player = document.querySelector("audio[data-recording]");
if (player) {
  let stopAt = null;
  player.addEventListener("timeupdate", () => {
    if (stopAt !== null && player.currentTime >= stopAt) {
      player.pause();
      stopAt = null;
    }
  });
  for (const link of document.querySelectorAll("[data-play-from]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      player.currentTime = Number(link.dataset.playFrom);
      stopAt = Number(link.dataset.playTo);
      player.play();
    });
  }
}
