// Small text helpers the renderers share.

/** `text` as comment lines starting with `prefix`, wrapped before `width` characters. */
export function comment(prefix, text, width = 100) {
  const lines = [];
  let line = "";
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines;
}

/** A Go struct's field lines, names padded as gofmt aligns them: [[names, type, trailing comment?]]. */
export function goFields(fields, indent = "\t") {
  const width = Math.max(...fields.map(([names]) => names.length));
  const typeWidth = Math.max(...fields.map(([, type]) => type.length));
  return fields.map(
    ([names, type, note]) => `${indent}${names.padEnd(width)} ${note ? `${type.padEnd(typeWidth)} // ${note}` : type}`,
  );
}
