// PLACEHOLDER: the chat UI work replaces this.
document.documentElement.dataset.ready = "true";
