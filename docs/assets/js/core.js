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

  /**
   * Fetches the scripts of a part few readers use, once they do: el gains data-opened=<its
   * data-more>, which the widgets table maps to the part's scripts (docs/widgets.md).
   */
  function loadMore(el) {
    el.dataset.opened = el.dataset.more;
    loadWidgetScripts();
  }
  // A <details data-more=x> loads its part when it is opened.
  addEventListener(
    "toggle",
    ({ target: part }) => part.open && part.dataset?.more && loadMore(part),
    true,
  );

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

  /**
   * Downloads data in the export envelope of data/schema/export.schema.json; extra holds the
   * envelope's optional fields (an assessment's respondent and team).
   */
  function exportJson(name, kind, id, contentVersion, data, extra = {}) {
    const envelope = {
      format: EXPORT_FORMAT,
      format_version: FORMAT_VERSION,
      kind,
      id,
      content_version: contentVersion,
      exported_at: new Date().toISOString(),
      ...extra,
      data,
    };
    download(`${name}.json`, JSON.stringify(envelope, null, 2));
  }

  /**
   * Runs ready() once the import checks are on the page: checks.js is fetched the first time a
   * file is imported (the input carries data-more=checks), as few readers ever import.
   */
  function withChecks(input, ready) {
    if (window.PlaybookChecks) return ready();
    document.addEventListener("smp:checks", ready, { once: true });
    loadMore(input);
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
        (text) => withChecks(input, () => importText(text, input, all, kind, id, area)),
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
    /**
     * The elements under root that carry attribute, by its value: a widget's parts and rows.
     * Values may be ids that start with a digit, so they never go into a CSS selector.
     */
    byAttribute: (root, attribute) =>
      new Map(
        [...root.querySelectorAll(`[${attribute}]`)].map((el) => [el.getAttribute(attribute), el]),
      ),
    /** A saved value, only read: undefined when storage is blocked or the JSON is unreadable. */
    peek: (kind, id) => readStored(keyOf(kind, id)),
    file: download,
    json: exportJson,
    act: wireActions,
    /** Calls onChange(value) when another tab changes what kind/id holds, while root is shown. */
    follow(root, kind, id, onChange) {
      watchers.push({ key: keyOf(kind, id), root, onChange });
    },
    /** Calls init(element) once for each element matching selector, now and after navigation. */
    mount(selector, init) {
      mounts.push([selector, init]);
      mountAll();
    },
    more: loadMore,
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

// The action plan's API and the checklist units' rules: every tool adds to the plan, and the plan
// ticks checklist items, whichever widget modules a page loads.
(() => {
  "use strict";

  const PLAN = ["actions", "plan"];
  const UNIT = "checklist";
  const HISTORY_KEPT = 60;
  const newId = () => Math.random().toString(36).slice(2);

  /** Well-formed actions only, from storage or a file; a repeated id gets a new one. */
  function cleanPlan(saved) {
    const seen = new Set();
    const items = [].concat(saved?.items ?? []).filter(
      (item) => typeof item?.text === "string" && item.id,
    );
    for (const item of items) {
      // Rows are found by id, so two must never share one.
      if (seen.has(item.id)) item.id = newId();
      seen.add(item.id);
    }
    return { items };
  }

  const loadPlan = () => cleanPlan(Playbook.load(...PLAN).value);

  /** Adds {text, href, source, owner?, due?}; false when an action from that source is there. */
  function addAction(action) {
    const plan = loadPlan();
    if (plan.items.some((item) => item.source === action.source)) return false;
    // Left out or undefined (a checklist item without an owner), a field is empty.
    plan.items.push({
      id: newId(),
      ...action,
      href: action.href || "",
      owner: action.owner || "",
      due: action.due || "",
      status: "todo",
    });
    Playbook.save(...PLAN, plan);
    return true;
  }

  /** A checklist tick sets its action's status: done, or back to "to do" when it was done. */
  function syncAction(source, done) {
    const plan = loadPlan();
    const action = plan.items.find((item) => item.source === source);
    if (!action) return;
    const status = done ? "done" : action.status === "done" ? "todo" : action.status;
    if (status === action.status) return;
    action.status = status;
    Playbook.save(...PLAN, plan);
  }

  /** The period `back` periods ago (YYYY-MM-DD): the day or the week's Monday; "" for none. */
  function periodOf(rhythm, back) {
    if (rhythm === "none") return "";
    const day = new Date();
    const mondayOffset = (day.getDay() + 6) % 7;
    day.setDate(day.getDate() - (rhythm === "weekly" ? mondayOffset + 7 * back : back));
    // The local date, not the UTC one.
    return new Date(day - day.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  /** A saved unit with known fields only, and item states that are plain objects. */
  function cleanUnit(saved) {
    // An odd entry (a list would save as []) must never block a tick.
    const items = Object.entries(saved?.items ?? {}).filter(
      ([, state]) => state?.constructor === Object,
    );
    return { period: saved?.period, history: saved?.history, items: Object.fromEntries(items) };
  }

  /** Starts the unit's new period where one has begun: ticks clear, details stay. */
  function startPeriod(state, rhythm) {
    const current = periodOf(rhythm, 0);
    if (!current || state.period === current) return;
    state.period = current;
    for (const item of Object.values(state.items)) delete item.done;
  }

  /** Records this period's count of done items (of those counted), keeping the last 60. */
  function recordCount(state, counted) {
    if (!state.period) return;
    const counts = (state.history ||= {});
    counts[state.period] = counted.filter((itemId) => state.items[itemId]?.done).length;
    for (const old of Object.keys(counts).sort().slice(0, -HISTORY_KEPT)) delete counts[old];
  }

  /**
   * Ticks or unticks an item in its saved unit from another page (the action plan); the unit's
   * period starts over first, as on its own page. The history counts every item saved ticked.
   */
  function tickItem(unit, itemId, done, rhythm) {
    const state = cleanUnit(Playbook.load(UNIT, unit).value);
    startPeriod(state, rhythm);
    (state.items[itemId] ||= {}).done = done;
    recordCount(state, Object.keys(state.items));
    return Playbook.save(UNIT, unit, state);
  }

  Object.assign(Playbook, {
    addAction,
    syncAction,
    cleanPlan,
    tickItem,
    /** The sources of every action in the plan, so tools can show what is in it already. */
    planSources: () => new Set(loadPlan().items.map((item) => item.source)),
    units: { periodOf, clean: cleanUnit, startPeriod, recordCount, HISTORY_KEPT },
  });

  // Add buttons need a script, so they are hidden until it runs.
  Playbook.mount("[data-act=add]", (button) => (button.hidden = false));
})();
