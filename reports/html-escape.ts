// Escapes text for HTML content and attribute values (& < > " '), for every string of a report
// that reaches the HTML pages: names, commands, replies, keys and values come from the run.

/** `text` safe inside HTML elements and quoted attributes. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
