// The chat box's keyboard rule, the same on the site, in the edit box and in the widget.

/** A textarea keydown handler: Enter sends; Shift+Enter is a new line, and an IME's Enter only ends composing. */
export function enterSends(send: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };
}
