import { version } from "../package.json";

/** This package's version, from package.json (inlined at build time). */
export const VERSION: string = version;
