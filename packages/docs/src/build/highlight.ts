// Code highlighted at build time (highlight.js, the languages the portal shows): the page ships
// the coloured markup and a small stylesheet, no highlighter.
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import jsonLang from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";

hljs.registerLanguage("bash", bash);
hljs.registerLanguage("go", go);
hljs.registerLanguage("java", java);
hljs.registerLanguage("json", jsonLang);
hljs.registerLanguage("python", python);
hljs.registerLanguage("typescript", typescript);

export function highlight(code: string, language: string): string {
  return hljs.highlight(code, { language }).value;
}
