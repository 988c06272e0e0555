/* 主送/抄送 picker (R-D7): a searchable multi-select over the unit's address book.
 *
 * Enhances every <textarea class="gongwen-addressbook"> (one name a line, the
 * stored value): the textarea stays in the form, hidden, and is rewritten on
 * every change, so the server sees what it always saw. The entries and every
 * text come from @@gongwen-addressbook-entries (translated there), grouped
 * 本单位科室 / 系统内单位 / 外部机关. A name outside the book may be typed; it is
 * marked 「不在通讯录」 and named in a warning. Keyboard: type to search,
 * ↑/↓ to move, Enter to choose, Backspace on an empty box removes the last
 * name, Esc closes the list. Without this script the textarea works as before.
 */
(function () {
  "use strict";

  var counter = 0;

  function normalized(text) {
    return (text || "")
      .normalize("NFKC")
      .replace(/\s+/g, "")
      .replace(/^[《<"'“]+|[》>"'”]+$/g, "")
      .toLowerCase();
  }

  function format(template, values) {
    return template.replace(/\$\{(\w+)\}/g, function (_m, key) {
      return values[key] === undefined ? "" : values[key];
    });
  }

  function entriesUrl() {
    var base = document.body.dataset.baseUrl || window.location.href;
    base = base.split("?")[0].replace(/\/(\+\+add\+\+[^/]*|@@edit|edit)\/?$/, "");
    return base.replace(/\/$/, "") + "/@@gongwen-addressbook-entries";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Picker(textarea, book) {
    this.textarea = textarea;
    this.book = book;
    this.texts = book.texts;
    this.known = {};
    var self = this;
    book.groups.forEach(function (group) {
      group.entries.forEach(function (entry) {
        self.known[normalized(entry.name)] = entry;
        (entry.aliases || []).forEach(function (alias) {
          self.known[normalized(alias)] = entry;
        });
      });
    });
    this.names = textarea.value
      .split(/\r?\n/)
      .map(function (name) {
        return name.trim();
      })
      .filter(Boolean);
    this.active = -1;
    this.options = [];
    this.build();
    this.render();
  }

  Picker.prototype.build = function () {
    var id = "gongwen-picker-" + ++counter;
    this.root = el("div", "gongwen-picker");
    this.box = el("div", "gongwen-picker-box form-control");
    this.chips = el("ul", "gongwen-picker-chips");
    this.input = el("input", "gongwen-picker-input");
    this.input.type = "text";
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", id + "-list");
    this.input.setAttribute("autocomplete", "off");
    this.input.placeholder = this.texts.placeholder;
    var label = this.textarea.id && document.querySelector('label[for="' + this.textarea.id + '"]');
    if (label) {
      label.id = label.id || id + "-label";
      this.input.setAttribute("aria-labelledby", label.id);
      label.setAttribute("for", id + "-input");
    }
    this.input.id = id + "-input";
    this.list = el("div", "gongwen-picker-list");
    this.list.id = id + "-list";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    this.warning = el("div", "gongwen-picker-warning alert alert-warning");
    this.warning.setAttribute("role", "status");
    this.warning.hidden = true;
    this.box.appendChild(this.chips);
    this.box.appendChild(this.input);
    this.root.appendChild(this.box);
    this.root.appendChild(this.list);
    this.root.appendChild(this.warning);
    this.textarea.hidden = true;
    this.textarea.classList.add("gongwen-picker-source");
    this.textarea.parentNode.insertBefore(this.root, this.textarea.nextSibling);

    var self = this;
    this.box.addEventListener("click", function (event) {
      if (event.target === self.box || event.target === self.chips) self.input.focus();
    });
    this.input.addEventListener("focus", function () {
      self.open();
    });
    this.input.addEventListener("click", function () {
      if (self.list.hidden) self.open();
    });
    this.input.addEventListener("input", function () {
      self.open();
    });
    this.input.addEventListener("blur", function () {
      window.setTimeout(function () {
        self.close();
      }, 150);
    });
    this.input.addEventListener("keydown", function (event) {
      self.keydown(event);
    });
  };

  Picker.prototype.sync = function () {
    this.textarea.value = this.names.join("\n");
    this.textarea.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Picker.prototype.isKnown = function (name) {
    return Object.prototype.hasOwnProperty.call(this.known, normalized(name));
  };

  Picker.prototype.render = function () {
    var self = this;
    this.chips.textContent = "";
    this.names.forEach(function (name, index) {
      var chip = el("li", "gongwen-picker-chip");
      chip.dataset.name = name;
      chip.appendChild(el("span", "gongwen-picker-chip-name", name));
      if (!self.isKnown(name)) {
        chip.classList.add("gongwen-picker-outside");
        chip.appendChild(el("span", "gongwen-picker-chip-mark", self.texts.outside));
      }
      var remove = el("button", "gongwen-picker-remove", "×");
      remove.type = "button";
      remove.setAttribute("aria-label", format(self.texts.remove, { name: name }));
      remove.addEventListener("click", function () {
        self.names.splice(index, 1);
        self.changed();
        self.input.focus();
      });
      chip.appendChild(remove);
      self.chips.appendChild(chip);
    });
    var outside = this.names.filter(function (name) {
      return !self.isKnown(name);
    });
    this.warning.hidden = !outside.length;
    this.warning.textContent = outside.length
      ? format(this.texts.warning, {
          names: outside
            .map(function (name) {
              return "「" + name + "」";
            })
            .join("、"),
        })
      : "";
  };

  Picker.prototype.changed = function () {
    this.sync();
    this.render();
    if (!this.list.hidden) this.open();
  };

  Picker.prototype.add = function (name) {
    name = (name || "").trim();
    if (!name) return;
    var key = normalized(name);
    var exists = this.names.some(function (other) {
      return normalized(other) === key;
    });
    if (!exists) this.names.push(name);
    this.input.value = "";
    // Closed after each choice (it would cover the form's buttons); typing, ↓ or a click
    // on the box opens it again for the next name.
    this.close();
    this.changed();
  };

  Picker.prototype.open = function () {
    var self = this;
    var query = normalized(this.input.value);
    var chosen = {};
    this.names.forEach(function (name) {
      chosen[normalized(name)] = true;
    });
    this.list.textContent = "";
    this.options = [];
    var exact = false;
    this.book.groups.forEach(function (group) {
      var matches = group.entries.filter(function (entry) {
        var keys = [entry.name].concat(entry.aliases || []).map(normalized);
        if (keys.indexOf(query) >= 0) exact = true;
        if (chosen[normalized(entry.name)]) return false;
        return (
          !query ||
          keys.some(function (key) {
            return key.indexOf(query) >= 0;
          })
        );
      });
      if (!matches.length) return;
      var section = el("div", "gongwen-picker-group");
      section.setAttribute("role", "group");
      var title = el("div", "gongwen-picker-group-title", group.title);
      title.id = self.list.id + "-" + group.key;
      section.setAttribute("aria-labelledby", title.id);
      section.appendChild(title);
      matches.forEach(function (entry) {
        section.appendChild(self.option(entry.name, entry.note, group.key, false));
      });
      self.list.appendChild(section);
    });
    var typed = this.input.value.trim();
    if (typed && !exact && !chosen[query]) {
      var free = el("div", "gongwen-picker-group gongwen-picker-group-free");
      free.appendChild(self.option(typed, "", "free", true));
      this.list.appendChild(free);
    }
    if (!this.options.length) {
      this.list.appendChild(el("div", "gongwen-picker-empty", this.texts.empty));
    }
    this.active = this.options.length ? 0 : -1;
    this.highlight();
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Picker.prototype.option = function (name, note, group, free) {
    var self = this;
    var option = el("div", "gongwen-picker-option");
    option.id = this.list.id + "-option-" + this.options.length;
    option.setAttribute("role", "option");
    option.dataset.name = name;
    option.dataset.group = group;
    if (free) {
      option.classList.add("gongwen-picker-option-free");
      option.textContent = format(this.texts.free, { name: name });
    } else {
      option.appendChild(el("span", "gongwen-picker-option-name", name));
      if (note) option.appendChild(el("span", "gongwen-picker-option-note", note));
    }
    option.addEventListener("mousedown", function (event) {
      event.preventDefault();
      self.add(name);
    });
    this.options.push(option);
    return option;
  };

  Picker.prototype.highlight = function () {
    var self = this;
    this.options.forEach(function (option, index) {
      var on = index === self.active;
      option.classList.toggle("active", on);
      option.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        self.input.setAttribute("aria-activedescendant", option.id);
        if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
      }
    });
    if (this.active < 0) this.input.removeAttribute("aria-activedescendant");
  };

  Picker.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  };

  Picker.prototype.keydown = function (event) {
    var count = this.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.list.hidden) return this.open();
      if (!count) return;
      var step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + count) % count;
      this.highlight();
    } else if (event.key === "Enter") {
      if (event.isComposing) return;
      event.preventDefault();
      if (!this.list.hidden && this.active >= 0) {
        this.add(this.options[this.active].dataset.name);
      } else if (this.input.value.trim()) {
        this.add(this.input.value);
      }
    } else if (event.key === "Escape") {
      if (!this.list.hidden) {
        event.preventDefault();
        this.close();
      }
    } else if (event.key === "Backspace" && !this.input.value && this.names.length) {
      this.names.pop();
      this.changed();
    }
  };

  function start() {
    var areas = document.querySelectorAll("textarea.gongwen-addressbook");
    if (!areas.length) return;
    fetch(entriesUrl(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (book) {
        areas.forEach(function (textarea) {
          if (!textarea.dataset.gongwenPicker) {
            textarea.dataset.gongwenPicker = "1";
            new Picker(textarea, book);
          }
        });
      })
      .catch(function () {
        // The book cannot be read here: the textarea stays, one name a line.
        areas.forEach(function (textarea) {
          textarea.dataset.gongwenPicker = textarea.dataset.gongwenPicker || "unavailable";
        });
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
