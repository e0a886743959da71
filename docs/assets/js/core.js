// Shared widget machinery (window.Playbook): storage, mounting, UI strings, notices, files,
// imports.
(() => {
  "use strict";

  // Keys carry a namespace and a format version, so data saved in another format is never misread.
  const FORMAT_VERSION = 1;
  const EXPORT_FORMAT = "social-media-playbook";
  // What each key holds for this visit: a blocked or full storage loses nothing until the tab
  // closes.
  const inMemory = {};
  const unsaved = new Set();
  const mounts = [];
  let watchers = [];
  let failed = 0;
  let strings;
  // [selector, [file names]] pairs from the build: scripts that load on pages with such widgets.
  let widgetScripts = [];
  const requestedScripts = new Set();
  // Widget scripts sit beside this bundle, whose address is only known while it first runs.
  const bundleAddress = document.currentScript?.src || location.href;

  const keyOf = (kind, id) => `smp:v${FORMAT_VERSION}:${kind}:${id}`;

  /** The parsed value, or undefined when the text is not JSON. */
  function parse(text) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  /** The UI string `key` from data/strings, with its {placeholders} filled from vars. */
  function t(key, vars) {
    strings ||= new Map(Object.entries(window.PlaybookStrings || {}));
    // A count of 1 takes the key's _one form, where the language has one.
    const text = ((vars?.n ?? vars?.count) === 1 && strings.get(`${key}_one`)) || strings.get(key);
    if (text === undefined) {
      // Browser tests fail on console errors, so a key built at run time cannot go missing unseen.
      console.error(`Playbook: no UI string "${key}" in data/strings`);
      return key;
    }
    return text.replace(/\{(\w+)\}/g, (match, name) => vars?.[name] ?? match);
  }

  /** A new element with props set; text goes in as textContent, never as HTML. */
  const element = (tag, props) =>
    Object.assign(document.createElement(tag), props);

  /** Shows a message in the notice area under root, with [label, onClick] buttons; "" hides it. */
  function notice(root, message, buttons = []) {
    const area = root.querySelector("[data-smp-notice]");
    area.textContent = message;
    for (const [label, onclick] of buttons) {
      const props = { type: "button", className: "md-button", textContent: label, onclick };
      area.append(" ", element("button", props));
    }
    area.hidden = !message;
  }

  /** Runs each widget's init once per element, also on pages shown by instant navigation. */
  function mountAll() {
    for (const [selector, init] of mounts) {
      for (const root of document.querySelectorAll(selector)) {
        if (root.smpMounted) continue;
        root.smpMounted = true;
        // One broken widget must not stop the others.
        try {
          init(root);
        } catch (error) {
          console.error(error);
        }
      }
    }
  }

  /** Adds the scripts of the widgets this page shows, each once per visit, in the listed order. */
  function loadWidgetScripts() {
    for (const [selector, names] of widgetScripts) {
      if (!document.querySelector(selector)) continue;
      for (const name of names) {
        if (requestedScripts.has(name)) continue;
        requestedScripts.add(name);
        // Inserted scripts run as soon as they arrive unless async is off; off, in this order.
        const props = { src: new URL(name, bundleAddress).href, async: false };
        document.head.append(element("script", props));
      }
    }
  }

  /** The parsed value under a storage key, or undefined when storage or the JSON fails. */
  function readStored(key) {
    try {
      return parse(localStorage.getItem(key));
    } catch {
      return undefined;
    }
  }

  /** Hands each watcher of the changed key (or of every key) the value storage holds now. */
  function notify(changed) {
    // Widgets gone with instant navigation stop listening.
    watchers = watchers.filter((watcher) => watcher.root.isConnected);
    for (const watcher of watchers) {
      if (changed && changed !== watcher.key) continue;
      // Read afresh: this tab may have written after the event's value.
      const value = readStored(watcher.key);
      if (value === undefined) continue;
      // Back from the cache, nobody is typing: the saved value wins everywhere.
      if (changed) keepTyping(() => watcher.onChange(value));
      else watcher.onChange(value);
    }
  }

  /**
   * Runs redraw(), but the field the reader is typing in keeps its text: the widget records it
   * on the next keystroke, or when the reader leaves the field.
   */
  function keepTyping(redraw) {
    const typed = typingIn()?.value;
    redraw();
    // A redraw may have replaced the field (the action plan's rows), so it is looked up again.
    const field = typingIn();
    if (!field || typed === undefined || field.value === typed) return;
    field.value = typed;
    const record = () => field.dispatchEvent(new Event("input", { bubbles: true }));
    field.addEventListener("focusout", record, { once: true });
  }

  addEventListener("storage", (event) => event.key && notify(event.key));
  // Back from the back-forward cache, a page has missed other tabs' writes.
  addEventListener("pageshow", (event) => event.persisted && notify());

  /** Whether storage accepts a write now (a full storage still reads). */
  function canWrite(storage) {
    try {
      storage.setItem("smp:probe", "1");
      storage.removeItem("smp:probe");
      return true;
    } catch {
      return false;
    }
  }

  /** {value, status}: status names trouble, "corrupt" (set aside) or "unavailable" (memory). */
  function load(kind, id) {
    const key = keyOf(kind, id);
    let storage;
    let raw;
    try {
      storage = localStorage;
      raw = storage.getItem(key);
    } catch {
      return { value: inMemory[key], status: "unavailable" };
    }
    const status = canWrite(storage) ? undefined : "unavailable";
    // A value storage refused is newer than what storage holds.
    if (unsaved.has(key)) return { value: inMemory[key], status };
    const value = parse(raw);
    if (raw === null || value instanceof Object) return { value, status };
    // Unreadable data is kept under another key, never overwritten.
    try {
      storage.setItem(`${key}:corrupt`, raw);
      storage.removeItem(key);
    } catch {
      // The notice below still tells the reader.
    }
    return { value: null, status: "corrupt" };
  }

  /** Stores value; false (kept in memory for the visit) when storage refuses it. */
  function save(kind, id, value) {
    const key = keyOf(kind, id);
    inMemory[key] = value;
    try {
      localStorage.setItem(key, JSON.stringify(value));
      unsaved.delete(key);
      return true;
    } catch {
      unsaved.add(key);
      failed += 1;
      return false;
    }
  }

  function remove(kind, id) {
    const key = keyOf(kind, id);
    delete inMemory[key];
    unsaved.delete(key);
    try {
      localStorage.removeItem(key);
    } catch {
      // Blocked storage holds nothing to remove.
    }
  }

  /** Whether every save made while run() ran reached storage, and run()'s result. */
  function trackSaves(run) {
    const before = failed;
    return { result: run(), saved: failed === before };
  }

  /**
   * Loads the saved value into apply(value), warns in root's notice area about storage trouble,
   * follows other tabs with onChange(value) and returns save(value), true when stored.
   */
  function store(root, kind, id, apply, exporter, onChange) {
    const warn = (status) =>
      status && notice(root, t(`storage.${status}`), [[t("storage.export"), exporter]]);
    const loaded = Playbook.load(kind, id);
    apply(loaded.value);
    warn(loaded.status);
    if (onChange) watchers.push({ key: keyOf(kind, id), root, onChange });
    // Through the public object, so tests and forks can observe every save.
    return (value) => Playbook.save(kind, id, value) || warn("unavailable");
  }

  /** The text field the reader is typing in, whose text another tab must not replace. */
  function typingIn() {
    const field = document.activeElement;
    return field?.matches("textarea, [type=text], [type=date], [type=time]")
      ? field
      : null;
  }

  /** A CSV cell: quoted, and with a ' before what a spreadsheet would run as a formula. */
  function csvCell(value) {
    const text = String(value ?? "").replace(/^[=+\-@\t\r]/, "'$&");
    return `"${text.replace(/"/g, '""')}"`;
  }

  /** Downloads body as a file; rows (an array of arrays) become CSV with a UTF-8 BOM. */
  function download(name, body) {
    if (Array.isArray(body)) {
      const lines = body.map((row) => `${row.map(csvCell).join(",")}\r\n`);
      body = `\ufeff${lines.join("")}`;
    }
    const url = URL.createObjectURL(new Blob([body]));
    element("a", { href: url, download: name }).click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** Downloads data in the export envelope of data/schema/export.schema.json. */
  function exportJson(name, kind, id, contentVersion, data) {
    const envelope = {
      format: EXPORT_FORMAT,
      format_version: FORMAT_VERSION,
      kind,
      id,
      content_version: contentVersion,
      exported_at: new Date().toISOString(),
      data,
    };
    download(`${name}.json`, JSON.stringify(envelope, null, 2));
  }

  /** Reads an import file's text; shows why it is refused, or applies it after a confirmation. */
  function importText(text, input, handlers, kind, id, area) {
    const refuse = (reason, vars) =>
      notice(area, t("common.import_failed", { reason: t(`import.${reason}`, vars) }));
    const checked = PlaybookChecks.checkImport(parse(text), kind, id);
    if (checked.reason) return refuse(checked.reason, checked.vars);
    // The widget checks the data against the page first; only then may it replace what was typed.
    const apply = handlers.import(checked.data, refuse);
    if (!apply || (input.dataset.confirm && !confirm(input.dataset.confirm))) return;
    const { saved, result: message } = trackSaves(apply);
    if (saved) return notice(area, message);
    // Never report success for what storage refused: it is on the page only until the tab closes.
    notice(area, t("storage.unavailable"), [[t("storage.export"), handlers.json]]);
  }

  /**
   * Wires [data-act=x] buttons to handlers.x(button) (asking first when data-confirm is set) and a
   * [data-import] file input to handlers.import(data, refuse), which returns apply() => message.
   */
  function wireActions(root, handlers, kind, id, area = root) {
    const all = { print, ...handlers };
    root.addEventListener("click", (event) => {
      const button = event.target.closest("[data-act]");
      const handler = button && all[button.dataset.act];
      if (!handler) return;
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
      handler(button);
    });
    root.addEventListener("change", ({ target: input }) => {
      const file = input.matches("[data-import]") && input.files[0];
      if (!file) return;
      // The same file can be chosen again after a refusal.
      input.value = "";
      file.text().then(
        (text) => importText(text, input, all, kind, id, area),
        () => notice(area, t("common.import_failed", {
          reason: t("import.unreadable"),
        })),
      );
    });
  }

  window.Playbook = {
    parse,
    t,
    notice,
    load,
    save,
    remove,
    store,
    trackSaves,
    file: download,
    json: exportJson,
    act: wireActions,
    /** Calls init(element) once for each element matching selector, now and after navigation. */
    mount(selector, init) {
      mounts.push([selector, init]);
      mountAll();
    },
    /** Takes the build's table of widget scripts and loads those this page needs. */
    loadOn(table) {
      widgetScripts = table;
      loadWidgetScripts();
    },
  };
  // Instant navigation shows pages without reloading: each may need more scripts and mounts.
  window.document$?.subscribe(() => {
    loadWidgetScripts();
    mountAll();
  });
})();
