// chartgen studio: builds the form from the formats the server lists, previews after every change (a newer
// change cancels the older request), downloads, and keeps the brand in this browser's local storage.
"use strict";

const setup = JSON.parse(document.getElementById("setup").textContent);
const pageTexts = JSON.parse(document.getElementById("page-texts").textContent);
const token = document.querySelector('meta[name="chartgen-token"]').content;
const clientId = Math.random().toString(36).slice(2) + Date.now().toString(36);
const BRAND_STORE = "chartgen.brand";
const PREVIEW_DELAY_MS = 250;

const form = document.getElementById("studio");
const formatSelect = document.getElementById("format");
const langSelect = document.getElementById("lang");
const optionsBox = document.getElementById("options");
const statusLine = document.getElementById("status");
let logo = null; // {name, dataUrl}
let sequence = 0;
let inFlight = null;
let timer = null;
let shippedTexts = {};
let changedTexts = {};

function say(key, values = {}) {
  let text = pageTexts[key] || key;
  for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, value);
  return text;
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function problemSlot(name) {
  return element("p", { class: "problem", "data-for": name });
}

// ---------------------------------------------------------------- the form

function fillSelects() {
  for (const format of setup.formats) {
    formatSelect.append(element("option", { value: format.name, text: format.label }));
  }
  for (const language of setup.languages) {
    const option = element("option", { value: language.code, text: `${language.name} (${language.code})` });
    langSelect.append(option);
  }
  const saved = JSON.parse(localStorage.getItem("chartgen.choice") || "{}");
  if (saved.format) formatSelect.value = saved.format;
  langSelect.value = saved.lang || (document.documentElement.lang === "de" ? "de" : "en");
}

function currentFormat() {
  return setup.formats.find((format) => format.name === formatSelect.value);
}

function buildOptions() {
  optionsBox.replaceChildren();
  for (const field of currentFormat().fields) {
    const id = `option-${field.name}`;
    let control;
    if (field.kind === "check") {
      control = element("input", { type: "checkbox", name: field.name, id });
      if (field.default) control.checked = true;
      optionsBox.append(element("label", { class: "check" }, [control, " " + field.label]));
    } else if (field.kind === "choice") {
      control = element("select", { name: field.name, id });
      for (const choice of field.choices) {
        const option = element("option", { value: choice, text: choice || say("none") });
        if (choice === field.default) option.selected = true;
        control.append(option);
      }
      optionsBox.append(element("label", {}, [field.label + " ", control]));
    } else if (field.kind === "zones") {
      const hidden = element("input", { type: "hidden", name: field.name, id });
      const boxes = setup.zones.map((zone) => {
        const box = element("input", { type: "checkbox", value: zone.id, "data-zones": field.name });
        const name = element("span", { "data-zone-name": zone.id, text: zoneName(zone) });
        return element("label", { class: "check" }, [box, " ", name]);
      });
      optionsBox.append(element("fieldset", { class: "zones" }, [element("legend", { text: field.label }), ...boxes, hidden]));
    } else {
      const attributes = { name: field.name, id };
      if (field.kind === "date") attributes.type = "date";
      control = field.kind === "long_text" ? element("textarea", { ...attributes, rows: "3" })
        : element("input", { type: "text", ...attributes });
      optionsBox.append(element("label", {}, [field.label + " ", control]));
    }
    if (field.help && field.kind !== "zones") optionsBox.append(element("p", { class: "help", text: field.help }));
    optionsBox.append(problemSlot(field.name));
  }
}

function zoneName(zone) {
  // The zones by the chart's own names (the chart's language), as the chart will print them.
  return shippedTexts[`zones.${zone.id}.name`] || zone.name;
}

function syncZones() {
  for (const hidden of optionsBox.querySelectorAll('input[type="hidden"]')) {
    const chosen = [...optionsBox.querySelectorAll(`input[data-zones="${hidden.name}"]:checked`)].map((box) => box.value);
    hidden.value = chosen.join(",");
  }
}

function formData() {
  syncZones();
  const data = new FormData(form);
  for (const [key, value] of Object.entries(changedTexts)) data.append(`text.${key}`, value);
  if (logo) data.append("logo", dataUrlToBlob(logo.dataUrl), "logo");
  return data;
}

function dataUrlToBlob(url) {
  const [head, body] = url.split(",");
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: head.slice(5, head.indexOf(";")) });
}

// ---------------------------------------------------------------- problems

function showProblems(problems) {
  for (const slot of document.querySelectorAll(".problem")) slot.textContent = "";
  for (const problem of problems) {
    let slot = document.querySelector(`.problem[data-for="${CSS.escape(problem.field)}"]`);
    if (!slot && problem.field.startsWith("text.")) {
      document.getElementById("texts").open = true;
      slot = document.querySelector(`.problem[data-for="${CSS.escape(problem.field)}"]`);
    }
    slot = slot || document.querySelector('.problem[data-for=""]');
    slot.textContent = slot.textContent ? `${slot.textContent}\n${problem.message}` : problem.message;
  }
}

async function problemsOf(response) {
  try {
    return (await response.json()).problems || [];
  } catch {
    return [{ field: "", message: `${response.status} ${response.statusText}` }];
  }
}

// ---------------------------------------------------------------- preview

function schedulePreview() {
  saveChoices();
  clearTimeout(timer);
  timer = setTimeout(preview, PREVIEW_DELAY_MS);
}

async function preview() {
  sequence += 1;
  const mine = sequence;
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  statusLine.textContent = say("preview_wait");
  document.body.classList.add("busy");
  try {
    const response = await fetch("/api/preview", {
      method: "POST", body: formData(), signal: inFlight.signal,
      headers: { "x-chartgen-token": token, "x-chartgen-client": clientId, "x-chartgen-sequence": String(mine) },
    });
    if (mine !== sequence || response.status === 409) return;
    if (!response.ok) {
      showProblems(await problemsOf(response));
      statusLine.textContent = say("problem_general");
      document.getElementById("preview").classList.add("outdated"); // the pages shown are not what was asked
      return;
    }
    const answer = await response.json();
    showProblems([]);
    document.getElementById("preview").classList.remove("outdated");
    showPages(answer.pages);
    statusLine.textContent = `${answer.name} · ${say("preview_ready", { pages: answer.pages.length })}`;
  } catch (error) {
    if (error.name !== "AbortError") showProblems([{ field: "", message: String(error) }]);
  } finally {
    if (mine === sequence) document.body.classList.remove("busy");
  }
}

function showPages(pages) {
  const large = document.getElementById("large");
  const thumbnails = document.getElementById("thumbnails");
  const shown = Math.min(Number(large.dataset.page || 0), pages.length - 1);
  large.src = pages[shown];
  large.dataset.page = String(shown);
  thumbnails.replaceChildren();
  if (pages.length < 2) return;
  pages.forEach((page, index) => {
    const thumbnail = element("img", { src: page, alt: `${index + 1}`, class: index === shown ? "current" : "" });
    thumbnail.addEventListener("click", () => {
      large.src = page;
      large.dataset.page = String(index);
      for (const other of thumbnails.children) other.classList.remove("current");
      thumbnail.classList.add("current");
    });
    thumbnails.append(thumbnail);
  });
}

// ---------------------------------------------------------------- downloads

function fileName(response, fallback) {
  const match = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
  return match ? match[1] : fallback;
}

async function saveFrom(url, fallback, body) {
  const response = await fetch(url, { method: "POST", body, headers: { "x-chartgen-token": token } });
  if (!response.ok) {
    showProblems(await problemsOf(response));
    return;
  }
  const link = element("a", { href: URL.createObjectURL(await response.blob()), download: fileName(response, fallback) });
  document.body.append(link);
  link.click();
  link.remove();
}

async function allLanguages() {
  const progress = document.getElementById("all-progress");
  const status = document.getElementById("all-status");
  const response = await fetch("/api/all-languages", {
    method: "POST", body: formData(), headers: { "x-chartgen-token": token },
  });
  if (!response.ok) {
    showProblems(await problemsOf(response));
    return;
  }
  const { job, total } = await response.json();
  progress.hidden = false;
  progress.max = total;
  for (;;) {
    const answer = await fetch(`/api/all-languages/${job}`);
    if (!answer.ok) { // dropped for a newer zip, or it could not be made: say so and stop asking
      showProblems(await problemsOf(answer));
      progress.hidden = true;
      status.textContent = "";
      return;
    }
    const state = await answer.json();
    progress.value = state.done;
    status.textContent = say("all_progress", { done: state.done, total: state.total });
    if (state.ready) {
      if (state.failed.length) status.textContent += ` · ${say("all_failed", { languages: state.failed.join(", ") })}`;
      const link = element("a", { href: `/api/all-languages/${job}/zip`, download: "chartgen-all-languages.zip" });
      document.body.append(link);
      link.click();
      link.remove();
      progress.hidden = true;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

// ---------------------------------------------------------------- brand (kept in this browser)

function brandFields() {
  return [...form.querySelectorAll("[data-brand]")];
}

function saveBrand() {
  const values = Object.fromEntries(brandFields().map((field) => [field.dataset.brand, field.value]));
  try {
    localStorage.setItem(BRAND_STORE, JSON.stringify({ values, logo }));
  } catch {
    localStorage.setItem(BRAND_STORE, JSON.stringify({ values, logo: null })); // a logo too large to keep
  }
}

function loadBrand() {
  const saved = JSON.parse(localStorage.getItem(BRAND_STORE) || "{}");
  for (const field of brandFields()) field.value = (saved.values || {})[field.dataset.brand] || "";
  logo = saved.logo || null;
  showLogoName();
  showContrast();
}

function showLogoName() {
  document.getElementById("logo-name").textContent = logo ? logo.name : "";
}

function luminance(hex) {
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [1, 3, 5].map((at) => channel(parseInt(hex.slice(at, at + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function showContrast() {
  const value = form.querySelector('[data-brand="accent"]').value.trim();
  const hint = document.getElementById("contrast");
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) {
    hint.textContent = "";
    return;
  }
  document.getElementById("accent-picker").value = value.toLowerCase();
  const ratio = 1.05 / (luminance(value) + 0.05);
  const shown = ratio.toFixed(1).replace(".", document.documentElement.lang === "de" ? "," : ".");
  hint.textContent = say(ratio >= 4.5 ? "contrast_good" : "contrast_poor", { ratio: shown });
  hint.className = ratio >= 4.5 ? "hint" : "hint poor";
}

// ---------------------------------------------------------------- own wording (--text)

async function loadShippedTexts() {
  const code = langSelect.value;
  const response = await fetch(`/api/texts?lang=${encodeURIComponent(code)}`);
  const texts = response.ok ? await response.json() : {};
  if (code !== langSelect.value) return; // another language was chosen meanwhile: its own answer fills the fields
  shippedTexts = texts;
  changedTexts = {};
  for (const label of optionsBox.querySelectorAll("[data-zone-name]")) {
    label.textContent = zoneName({ id: label.dataset.zoneName, name: label.textContent });
  }
  buildTextFields();
}

function buildTextFields() {
  const box = document.getElementById("text-fields");
  box.replaceChildren();
  const direction = (setup.languages.find((language) => language.code === langSelect.value) || {}).direction || "ltr";
  for (const [key, shipped] of Object.entries(shippedTexts)) {
    if (key.startsWith("meta.")) continue;
    const input = element(shipped.length > 60 ? "textarea" : "input",
      { "data-text": key, dir: direction, "aria-label": key, ...(shipped.length > 60 ? { rows: "2" } : { type: "text" }) });
    input.value = changedTexts[key] || "";
    input.addEventListener("input", () => {
      if (input.value.trim()) changedTexts[key] = input.value;
      else delete changedTexts[key];
      countTexts();
      schedulePreview();
    });
    box.append(element("div", { class: "text-field" }, [
      element("code", { text: key }),
      element("p", { class: "shipped", dir: direction, text: shipped }),
      input, problemSlot(`text.${key}`),
    ]));
  }
  countTexts();
}

function countTexts() {
  const count = Object.keys(changedTexts).length;
  document.getElementById("texts-count").textContent = count ? `(${say("texts.changed", { count })})` : "";
}

async function uploadTo(url, file) {
  const data = new FormData();
  data.append("file", file, "upload.yaml");
  data.append("lang", langSelect.value);
  const response = await fetch(url, { method: "POST", body: data, headers: { "x-chartgen-token": token } });
  if (!response.ok) {
    showProblems(await problemsOf(response));
    return null;
  }
  return response.json();
}

// ---------------------------------------------------------------- wiring

function saveChoices() {
  localStorage.setItem("chartgen.choice", JSON.stringify({ format: formatSelect.value, lang: langSelect.value }));
}

function wire() {
  formatSelect.addEventListener("change", () => {
    buildOptions();
    document.getElementById("large").dataset.page = "0";
    schedulePreview();
  });
  langSelect.addEventListener("change", async () => {
    await loadShippedTexts();
    schedulePreview();
  });
  optionsBox.addEventListener("input", schedulePreview);
  optionsBox.addEventListener("change", schedulePreview);
  for (const field of brandFields()) {
    field.addEventListener("input", () => {
      saveBrand();
      showContrast();
      schedulePreview();
    });
  }
  document.getElementById("accent-picker").addEventListener("input", (event) => {
    form.querySelector('[data-brand="accent"]').value = event.target.value.toUpperCase();
    saveBrand();
    showContrast();
    schedulePreview();
  });
  document.getElementById("logo").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      logo = { name: file.name, dataUrl: reader.result };
      saveBrand();
      showLogoName();
      schedulePreview();
    };
    reader.readAsDataURL(file);
    event.target.value = "";
  });
  document.getElementById("remove-logo").addEventListener("click", () => {
    logo = null;
    saveBrand();
    showLogoName();
    schedulePreview();
  });
  document.getElementById("brand-clear").addEventListener("click", () => {
    for (const field of brandFields()) field.value = "";
    logo = null;
    saveBrand();
    loadBrand();
    schedulePreview();
  });
  document.getElementById("brand-save").addEventListener("click", () => saveFrom("/api/brand.yaml", "brand.yaml", formData()));
  document.getElementById("brand-load").addEventListener("change", async (event) => {
    const answer = await uploadTo("/api/load-brand", event.target.files[0]);
    event.target.value = "";
    if (!answer) return;
    for (const field of brandFields()) {
      field.value = field.dataset.brand === "line" ? (answer.lines[langSelect.value] || "") : (answer.values[field.dataset.brand] || "");
    }
    saveBrand();
    showContrast();
    schedulePreview();
  });
  document.getElementById("texts-save").addEventListener("click", () => saveFrom("/api/text.yaml", "text.yaml", formData()));
  document.getElementById("texts-load").addEventListener("change", async (event) => {
    const answer = await uploadTo("/api/load-text", event.target.files[0]);
    event.target.value = "";
    if (!answer) return;
    if (answer.lang !== langSelect.value) {
      langSelect.value = answer.lang;
      await loadShippedTexts();
    }
    changedTexts = answer.texts;
    buildTextFields();
    document.getElementById("texts").open = true;
    schedulePreview();
  });
  document.getElementById("download").addEventListener("click", () => saveFrom("/api/download", "chart.pdf", formData()));
  document.getElementById("all-languages").addEventListener("click", allLanguages);
  document.getElementById("ui-language").addEventListener("change", (event) => {
    window.location.search = `?ui=${event.target.value}`;
  });
}

fillSelects();
buildOptions();
loadBrand();
wire();
loadShippedTexts().then(preview);
