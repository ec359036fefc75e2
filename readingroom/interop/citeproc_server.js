// Renders CSL-JSON items with citeproc-js, the processor Zotero uses, for interop/citeproc.py.
//
//   node citeproc_server.js CONFIG_JSON
//
// CONFIG_JSON: {"citeproc": path to citeproc_commonjs.js, "locale": path to the en-US
// locale XML, "styles": {key: path to a .csl file}, "forms": [[key, style key, "bibliography"
// or "note"], ...]}. Then one request a line on stdin, {"items": [CSL-JSON item, ...]}, and
// one answer a line on stdout, {"results": [{"id", "forms": {key: {"html", "text"}}} or
// {"id", "error"}, ...]}. One engine per style is built once (building one costs about a
// second) and renders each item alone: updateItems([id]) leaves the item as the only one
// registered, so no entry is shortened by another ("———", "ibid.", "1956a").
"use strict";

const fs = require("fs");
const readline = require("readline");

const config = JSON.parse(process.argv[2]);
const CSL = require(config.citeproc);
const locale = CSL.parseXml(fs.readFileSync(config.locale, "utf8"));

// Items by the engines' own IDs: each rendering gives its item a new one, since an engine
// keeps the data of an ID it has seen, and a document changes under the same record ID.
let items = {};
let serial = 0;
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => items[id],
};

const engines = {};
for (const [key, path] of Object.entries(config.styles)) {
  engines[key] = new CSL.Engine(sys, fs.readFileSync(path, "utf8"), "en-US");
}

// One item in one form: an entry of a one-item bibliography, or a first note citing it
// (at a passage: {"locator": "4", "label": "paragraph"}).
function render(engine, form, id, format, passage) {
  engine.setOutputFormat(format);
  if (form === "note") {
    return engine.makeCitationCluster([{ id: id, ...passage }]);
  }
  const [, entries] = engine.makeBibliography();
  return entries[0];
}

// An item may carry "passage" (not CSL-JSON: taken off before rendering); then its notes
// cite that passage, and each form also gives "cite", the in-text citation of it.
function renderItem(request) {
  const { passage, ...item } = request;
  const forms = {};
  for (const [key, styleKey, form] of config.forms) {
    const engine = engines[styleKey];
    const id = `${item.id}#${(serial += 1)}`;
    items = { [id]: { ...item, id: id } };
    engine.updateItems([id]);
    forms[key] = {
      html: render(engine, form, id, "html", passage),
      text: render(engine, form, id, "text", passage),
    };
    if (passage) {
      forms[key].cite = {
        html: render(engine, "note", id, "html", passage),
        text: render(engine, "note", id, "text", passage),
      };
    }
  }
  return { id: item.id, forms: forms };
}

const input = readline.createInterface({ input: process.stdin, terminal: false });
input.on("line", (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    answer = {
      results: request.items.map((item) => {
        try {
          return renderItem(item);
        } catch (error) {
          return { id: item.id, error: String(error) };
        }
      }),
    };
  } catch (error) {
    answer = { error: String(error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
// Ready: the engines are built.
process.stdout.write(JSON.stringify({ ready: true }) + "\n");
