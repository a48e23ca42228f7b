/* Tiny VGG explorer of chapter 6: CNN Explainer's views, computed in the
   page. A classic script (no modules, no requests), so it works from
   file:// as well as over HTTP. It reads its data from the
   <script type="application/json" class="tve-data"> inside each
   .tinyvgg-explorer element (written by rnadl.tinyvgg_explorer), runs the
   network's forward pass (tinyvgg_explorer.arithmetic.js, in float64 from
   the float32 weights) and draws every layer. Reader-facing text is
   Spanish; numbers follow the book's rule. */
(function () {
  "use strict";

  var SCRIPT_START = performance.now();
  var SVG = "http://www.w3.org/2000/svg";
  var CHANNELS = ["rojo", "verde", "azul"];
  var KIND_SHORT = {
    input: "RGB",
    conv: "conv",
    relu: "ReLU",
    max_pool: "pool"
  };

  // The arithmetic, without the page: tinyvgg_explorer.arithmetic.js,
  // inlined before this script.
  var arithmetic = tinyvggArithmetic;
  var readModel = arithmetic.readModel;
  var readImages = arithmetic.readImages;
  var decimal = arithmetic.decimal;
  var percent = arithmetic.percent;
  var size = arithmetic.size;
  var forward = arithmetic.forward;
  var diverging = arithmetic.diverging;
  var channelColour = arithmetic.channelColour;
  var css = arithmetic.css;
  var textColour = arithmetic.textColour;
  var maxAbs = arithmetic.maxAbs;

  /* ---------- DOM helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function number(value, digits, role) {
    var node = el("span", "tve-num", decimal(value, digits));
    node.dataset.value = String(value);
    if (role) node.dataset.role = role;
    return node;
  }

  // One channel of a (h, w, c) map into a canvas, each value as a
  // scale x scale block; boxes are outlined on top.
  function drawMap(canvas, map, channel, colour, range, scale, boxes) {
    var h = map.shape[0], w = map.shape[1], C = map.shape[2];
    var s = scale || 1;
    canvas.width = w * s;
    canvas.height = h * s;
    var context = canvas.getContext("2d");
    var image = context.createImageData(w * s, h * s);
    var pixels = image.data;
    var span = range || 1;
    for (var r = 0; r < h; r++) {
      for (var c = 0; c < w; c++) {
        var rgb = colour(map.values[(r * w + c) * C + channel] / span);
        for (var i = 0; i < s; i++) {
          var at = ((r * s + i) * w * s + c * s) * 4;
          for (var j = 0; j < s; j++, at += 4) {
            pixels[at] = rgb[0];
            pixels[at + 1] = rgb[1];
            pixels[at + 2] = rgb[2];
            pixels[at + 3] = 255;
          }
        }
      }
    }
    context.putImageData(image, 0, 0);
    (boxes || []).forEach(function (box) {
      context.lineWidth = Math.max(2, Math.round(s / 2));
      context.strokeStyle = "#111";
      context.strokeRect(box.c * s, box.r * s, box.w * s, box.h * s);
      context.lineWidth = Math.max(1, Math.round(s / 4));
      context.strokeStyle = "#ffd400";
      context.strokeRect(box.c * s, box.r * s, box.w * s, box.h * s);
    });
  }

  // A rows x cols grid of numbers, each cell coloured by value / range,
  // its text black or white, whichever reads better on that colour.
  function numberGrid(values, rows, cols, digits, range, role, title) {
    var box = el("div", "tve-gridbox");
    if (title) box.appendChild(el("div", "tve-gridtitle", title));
    var grid = el("div", "tve-grid");
    grid.style.gridTemplateColumns = "repeat(" + cols + ", auto)";
    for (var i = 0; i < rows * cols; i++) {
      var cell = number(values[i], digits, role);
      var background = diverging(values[i] / (range || 1));
      cell.style.background = css(background);
      cell.style.color = css(textColour(background));
      grid.appendChild(cell);
    }
    box.appendChild(grid);
    return box;
  }

  function operator(text) {
    return el("span", "tve-op", text);
  }

  /* ---------- one explorer ---------- */

  function Explorer(root) {
    var data = JSON.parse(root.querySelector("script.tve-data").textContent);
    this.root = root;
    this.data = data;
    this.classes = data.classes;
    this.inputShape = data.input_shape;
    this.model = readModel(data);
    this.images = readImages(data);
    this.own = null;
    this.columns = this.overviewColumns();
    this.selected = { key: this.columns[1].key, channel: 0 };
    this.pointer = null;
    this.outputLayer = this.model[this.model.length - 1];
    this.build();
    this.show(data.initial, true);
  }

  Explorer.prototype.overviewColumns = function () {
    var columns = [{
      key: "input", kind: "input", shape: this.inputShape,
      previous: null, block: 0
    }];
    var block = 1;
    var previous = "input";
    this.model.forEach(function (layer) {
      if (layer.shape.length === 3) {
        columns.push({
          key: layer.name, kind: layer.kind, shape: layer.shape,
          layer: layer, previous: previous, block: block
        });
        if (layer.kind === "max_pool") block += 1;
      }
      previous = layer.name;
    });
    return columns;
  };

  Explorer.prototype.column = function (key) {
    return this.columns.filter(function (c) { return c.key === key; })[0];
  };

  /* ----- building the page ----- */

  Explorer.prototype.build = function () {
    var root = this.root;
    var old = root.querySelector(".tve-noscript");
    if (old) old.remove();
    this.buildPicker();
    this.buildOverview();
    this.detail = el("section", "tve-detail");
    this.detail.setAttribute("aria-label", "Detalle del mapa elegido");
    root.appendChild(this.detail);
  };

  Explorer.prototype.buildPicker = function () {
    var self = this;
    var picker = el("div", "tve-picker");
    var heading = el("p", "tve-lead",
      "Elija una de las diez imágenes de ejemplo o cargue una suya:");
    heading.id = this.root.id + "-picker-label";
    picker.appendChild(heading);
    var thumbs = el("div", "tve-thumbs");
    thumbs.setAttribute("role", "group");
    thumbs.setAttribute("aria-labelledby", heading.id);
    this.thumbs = [];
    this.images.forEach(function (image, index) {
      var button = self.thumbButton(image);
      button.addEventListener("click", function () { self.show(index); });
      thumbs.appendChild(button);
      self.thumbs.push(button);
    });
    picker.appendChild(thumbs);

    var upload = el("div", "tve-upload");
    var input = el("input", "tve-file");
    input.type = "file";
    input.accept = "image/*";
    input.id = this.root.id + "-file";
    var label = el("label", "tve-button", "Cargar una imagen suya…");
    label.htmlFor = input.id;
    this.uploadStatus = el("span", "tve-upload-status");
    this.uploadStatus.setAttribute("role", "status");
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) self.load(input.files[0]);
      input.value = "";
    });
    upload.appendChild(input);
    upload.appendChild(label);
    upload.appendChild(this.uploadStatus);
    picker.appendChild(upload);
    this.thumbList = thumbs;
    this.root.appendChild(picker);
  };

  Explorer.prototype.thumbButton = function (image) {
    var button = el("button", "tve-thumb");
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    var canvas = el("canvas");
    var shape = this.inputShape;
    canvas.width = shape[1];
    canvas.height = shape[0];
    var context = canvas.getContext("2d");
    var picture = context.createImageData(shape[1], shape[0]);
    for (var i = 0, j = 0; i < image.pixels.length; i += 3, j += 4) {
      picture.data[j] = image.pixels[i];
      picture.data[j + 1] = image.pixels[i + 1];
      picture.data[j + 2] = image.pixels[i + 2];
      picture.data[j + 3] = 255;
    }
    context.putImageData(picture, 0, 0);
    canvas.setAttribute("aria-hidden", "true");
    button.appendChild(canvas);
    button.appendChild(el("span", "tve-thumb-name", image.name));
    return button;
  };

  Explorer.prototype.buildOverview = function () {
    var self = this;
    var wrap = el("div", "tve-overview-wrap");
    this.summary = el("p", "tve-summary");
    this.summary.setAttribute("aria-live", "polite");
    wrap.appendChild(this.summary);
    var overview = el("div", "tve-overview");
    overview.setAttribute("role", "group");
    overview.setAttribute("aria-label",
      "Vista general de la red: una columna por capa, un cuadro por mapa " +
      "de activación. Flechas para moverse, Enter para ver el detalle.");
    overview.style.setProperty("--tve-columns", this.columns.length);
    this.links = document.createElementNS(SVG, "svg");
    this.links.setAttribute("class", "tve-links");
    this.links.setAttribute("aria-hidden", "true");
    this.linkBase = document.createElementNS(SVG, "path");
    this.linkBase.setAttribute("class", "tve-link");
    this.linkHot = document.createElementNS(SVG, "path");
    this.linkHot.setAttribute("class", "tve-link-hot");
    this.links.appendChild(this.linkBase);
    this.links.appendChild(this.linkHot);
    overview.appendChild(this.links);

    // Row 1: what each group of columns is.
    var blocks = {};
    this.columns.forEach(function (column, index) {
      var b = blocks[column.block] || (blocks[column.block] = []);
      b.push(index);
    });
    Object.keys(blocks).forEach(function (key) {
      var indices = blocks[key];
      var text = key === "0" ? "entrada" : "bloque " + key;
      var label = el("div", "tve-block", text);
      if (key === "0") label.classList.add("tve-block-input");
      label.style.gridColumn = (indices[0] + 1) + " / span " + indices.length;
      overview.appendChild(label);
    });
    var outBlock = el("div", "tve-block tve-block-out", "salida");
    outBlock.style.gridColumn = String(this.columns.length + 1);
    overview.appendChild(outBlock);

    this.mapButtons = {};
    this.navigation = [];
    this.columns.forEach(function (column, index) {
      var node = el("div", "tve-col tve-col-" + column.kind);
      node.style.gridColumn = String(index + 1);
      var head = el("div", "tve-head");
      var name = column.kind === "input" ? "entrada" : column.key;
      head.title = name;
      head.appendChild(el("span", "tve-kind", KIND_SHORT[column.kind]));
      head.appendChild(el("span", "tve-size", size(column.shape)));
      node.appendChild(head);
      var maps = el("div", "tve-maps");
      var count = column.shape[2];
      maps.style.gridTemplateRows = "repeat(" + count + ", 1fr)";
      var buttons = [];
      for (var ch = 0; ch < count; ch++) {
        var button = el("button", "tve-map");
        button.type = "button";
        button.tabIndex = -1;
        button.setAttribute("aria-label", column.kind === "input"
          ? "Entrada, canal " + CHANNELS[ch]
          : column.key + ", mapa " + ch);
        button.dataset.key = column.key;
        button.dataset.channel = String(ch);
        var canvas = el("canvas");
        if (column.shape[0] < 40) canvas.classList.add("tve-pixelated");
        button.appendChild(canvas);
        button.addEventListener("click", self.onChoose.bind(self,
          column.key, ch));
        button.addEventListener("mouseenter", self.hotLinks.bind(self,
          column.key, ch));
        button.addEventListener("focus", self.hotLinks.bind(self,
          column.key, ch));
        button.addEventListener("mouseleave", self.hotLinks.bind(self,
          null, 0));
        maps.appendChild(button);
        buttons.push(button);
      }
      self.mapButtons[column.key] = buttons;
      self.navigation.push(buttons);
      node.appendChild(maps);
      overview.appendChild(node);
    });

    // The output: one bar per class.
    var out = el("div", "tve-col tve-out");
    out.style.gridColumn = String(this.columns.length + 1);
    var outHead = el("div", "tve-head");
    outHead.appendChild(el("span", "tve-kind", "softmax"));
    outHead.appendChild(el("span", "tve-size",
      this.classes.length + " clases"));
    out.appendChild(outHead);
    var bars = el("div", "tve-bars");
    bars.style.gridTemplateRows = "repeat(" + this.classes.length + ", 1fr)";
    this.bars = this.classes.map(function (name, k) {
      var button = el("button", "tve-bar");
      button.type = "button";
      button.tabIndex = -1;
      button.dataset.key = "output";
      button.dataset.channel = String(k);
      var line = el("span", "tve-bar-line");
      line.appendChild(el("span", "tve-bar-name", name));
      var value = el("span", "tve-bar-value tve-num");
      value.dataset.role = "probability";
      line.appendChild(value);
      button.appendChild(line);
      var track = el("span", "tve-track");
      var fill = el("span", "tve-fill");
      track.appendChild(fill);
      button.appendChild(track);
      button.addEventListener("click", self.onChoose.bind(self, "output", k));
      button.addEventListener("mouseenter", self.hotLinks.bind(self,
        "output", k));
      button.addEventListener("focus", self.hotLinks.bind(self,
        "output", k));
      button.addEventListener("mouseleave", self.hotLinks.bind(self,
        null, 0));
      bars.appendChild(button);
      return { button: button, value: value, fill: fill };
    });
    this.navigation.push(this.bars.map(function (b) { return b.button; }));
    out.appendChild(bars);
    overview.appendChild(out);
    this.navigation[1][0].tabIndex = 0;
    overview.addEventListener("keydown", this.onOverviewKey.bind(this));
    wrap.appendChild(overview);

    var legend = el("div", "tve-legend");
    legend.appendChild(el("span", null, "negativo"));
    legend.appendChild(el("span", "tve-ramp"));
    legend.appendChild(el("span", null, "positivo"));
    legend.appendChild(el("span", "tve-legend-note",
      "Blanco: 0. Cada capa con su propia escala; la entrada, de 0 a 1 " +
      "por canal."));
    wrap.appendChild(legend);
    this.overview = overview;
    this.root.appendChild(wrap);

    if (window.ResizeObserver) {
      var pending = false;
      new ResizeObserver(function () {
        if (pending) return;
        pending = true;
        requestAnimationFrame(function () {
          pending = false;
          self.drawLinks();
        });
      }).observe(overview);
    }
  };

  /* ----- keyboard in the overview: one tab stop, arrows move ----- */

  Explorer.prototype.onOverviewKey = function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    var col = -1, row = -1;
    this.navigation.forEach(function (buttons, c) {
      var r = buttons.indexOf(target);
      if (r >= 0) { col = c; row = r; }
    });
    if (col < 0) return;
    var moves = {
      ArrowUp: [0, -1], ArrowDown: [0, 1],
      ArrowLeft: [-1, 0], ArrowRight: [1, 0]
    };
    var move = moves[event.key];
    var nextCol = col, nextRow = row;
    if (move) {
      nextCol = Math.max(0, Math.min(this.navigation.length - 1,
        col + move[0]));
      nextRow = row + move[1];
    } else if (event.key === "Home") {
      nextRow = 0;
    } else if (event.key === "End") {
      nextRow = this.navigation[col].length - 1;
    } else {
      return;
    }
    event.preventDefault();
    var buttons = this.navigation[nextCol];
    nextRow = Math.max(0, Math.min(buttons.length - 1, nextRow));
    this.focusButton(buttons[nextRow]);
  };

  Explorer.prototype.focusButton = function (button) {
    this.navigation.forEach(function (buttons) {
      buttons.forEach(function (b) { b.tabIndex = -1; });
    });
    button.tabIndex = 0;
    button.focus();
  };

  /* ----- links between columns ----- */

  Explorer.prototype.linkTargets = function (key, channel) {
    // The maps that feed (key, channel): [[fromKey, fromChannel], ...].
    if (key === "output") {
      var last = this.columns[this.columns.length - 1];
      var all = [];
      for (var c = 0; c < last.shape[2]; c++) all.push([last.key, c]);
      return all;
    }
    var column = this.column(key);
    if (!column || !column.previous) return [];
    var from = this.column(column.previous);
    if (column.kind === "conv") {
      var list = [];
      for (var ch = 0; ch < from.shape[2]; ch++) list.push([from.key, ch]);
      return list;
    }
    return [[from.key, channel]];
  };

  Explorer.prototype.drawLinks = function () {
    var box = this.overview.getBoundingClientRect();
    if (!box.width) return;
    this.links.setAttribute("viewBox", "0 0 " + box.width + " " + box.height);
    this.links.setAttribute("width", box.width);
    this.links.setAttribute("height", box.height);
    this.linkBox = box;
    var self = this;
    var paths = [];
    this.columns.forEach(function (column) {
      if (column.kind === "input") return;
      for (var ch = 0; ch < column.shape[2]; ch++) {
        paths.push(self.linkPath(column.key, ch));
      }
    });
    for (var k = 0; k < this.classes.length; k++) {
      paths.push(this.linkPath("output", k));
    }
    this.linkBase.setAttribute("d", paths.join(""));
    this.hotLinks(null, 0);
  };

  Explorer.prototype.linkPath = function (key, channel) {
    var box = this.linkBox;
    if (!box) return "";
    var to = key === "output"
      ? this.bars[channel].button.querySelector(".tve-track")
      : this.mapButtons[key][channel];
    var end = to.getBoundingClientRect();
    var x2 = end.left - box.left, y2 = end.top - box.top + end.height / 2;
    var self = this;
    return this.linkTargets(key, channel).map(function (source) {
      var from = self.mapButtons[source[0]][source[1]];
      var start = from.getBoundingClientRect();
      var x1 = start.right - box.left;
      var y1 = start.top - box.top + start.height / 2;
      // Only to a column to the right (not to the bars below on a phone).
      if (x2 <= x1) return "";
      return "M" + x1.toFixed(1) + " " + y1.toFixed(1) +
        "L" + x2.toFixed(1) + " " + y2.toFixed(1);
    }).join("");
  };

  Explorer.prototype.hotLinks = function (key, channel) {
    var hot = key === null ? this.selected : { key: key, channel: channel };
    this.linkHot.setAttribute("d", this.linkPath(hot.key, hot.channel));
  };

  /* ----- choosing the image ----- */

  Explorer.prototype.show = function (which, first) {
    var image = which === "own" ? this.own : this.images[which];
    this.current = which;
    var begin = performance.now();
    this.activations = forward(this.model, this.inputShape, image.pixels);
    this.root.dataset.forwardMs = (performance.now() - begin).toFixed(1);
    var self = this;
    this.thumbs.concat(this.ownThumb ? [this.ownThumb] : []).forEach(
      function (button, index) {
        var pressed = which === "own" ? button === self.ownThumb
          : index === which && button !== self.ownThumb;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
    this.root.dataset.image = String(which);
    this.drawOverview(image);
    if (first) {
      var drawn = performance.now();
      this.root.dataset.overviewDrawnMs = drawn.toFixed(1);
      this.root.dataset.scriptMs = (drawn - SCRIPT_START).toFixed(1);
      performance.mark("tinyvgg-explorer-overview-drawn");
      requestAnimationFrame(function () {
        // The frame that paints the first overview.
        var painted = performance.now();
        self.root.dataset.firstOverviewMs = painted.toFixed(1);
        performance.mark("tinyvgg-explorer-first-overview");
        self.drawLinks();
        self.root.dataset.ready = "true";
      });
    } else {
      this.hotLinks(null, 0);
    }
    this.renderDetail();
  };

  Explorer.prototype.load = function (file) {
    var self = this;
    var status = this.uploadStatus;
    status.textContent = "Leyendo la imagen…";
    var url = URL.createObjectURL(file);
    var picture = new Image();
    picture.onload = function () {
      var shape = self.inputShape;
      var canvas = el("canvas");
      canvas.width = shape[1];
      canvas.height = shape[0];
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.fillStyle = "#fff"; // transparent parts become white
      context.fillRect(0, 0, shape[1], shape[0]);
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = "high";
      // The centred square of the picture, scaled to the network's size.
      var side = Math.min(picture.naturalWidth, picture.naturalHeight);
      context.drawImage(picture,
        (picture.naturalWidth - side) / 2, (picture.naturalHeight - side) / 2,
        side, side, 0, 0, shape[1], shape[0]);
      URL.revokeObjectURL(url);
      var rgba = context.getImageData(0, 0, shape[1], shape[0]).data;
      var pixels = new Uint8Array(shape[0] * shape[1] * 3);
      for (var i = 0, j = 0; j < rgba.length; i += 3, j += 4) {
        pixels[i] = rgba[j];
        pixels[i + 1] = rgba[j + 1];
        pixels[i + 2] = rgba[j + 2];
      }
      self.own = { name: "su imagen", label: null, pixels: pixels };
      var button = self.thumbButton(self.own);
      button.classList.add("tve-thumb-own");
      button.addEventListener("click", function () { self.show("own"); });
      if (self.ownThumb) self.ownThumb.replaceWith(button);
      else self.thumbList.appendChild(button);
      self.ownThumb = button;
      status.textContent = "Su imagen (" + picture.naturalWidth + "×" +
        picture.naturalHeight + " píxeles), recortada al centro y " +
        "reducida a " + shape[0] + "×" + shape[1] + ". No sale de su " +
        "computador: la red corre en esta página.";
      self.show("own");
    };
    picture.onerror = function () {
      URL.revokeObjectURL(url);
      status.textContent = "No se pudo leer ese archivo como imagen.";
    };
    picture.src = url;
  };

  /* ----- drawing the overview ----- */

  Explorer.prototype.range = function (key) {
    if (key === "input") return 1;
    var values = this.activations[key].values;
    return maxAbs(values, 0, 1, values.length) || 1;
  };

  Explorer.prototype.colour = function (key, channel) {
    return key === "input" ? channelColour(channel) : diverging;
  };

  Explorer.prototype.drawOverview = function (image) {
    var self = this;
    this.columns.forEach(function (column) {
      var map = self.activations[column.key];
      var range = self.range(column.key);
      self.mapButtons[column.key].forEach(function (button, ch) {
        drawMap(button.firstChild, map, ch, self.colour(column.key, ch),
          range, 1);
      });
    });
    var probabilities = this.activations[this.outputLayer.name].values;
    var top = 0;
    for (var k = 1; k < probabilities.length; k++) {
      if (probabilities[k] > probabilities[top]) top = k;
    }
    this.bars.forEach(function (bar, k) {
      var p = probabilities[k];
      bar.value.textContent = percent(p);
      bar.value.dataset.value = String(p);
      bar.fill.style.width = (100 * p).toFixed(2) + "%";
      bar.button.classList.toggle("tve-top", k === top);
      bar.button.setAttribute("aria-label", self.classes[k] + ": " +
        percent(p) + (k === top ? " (la más probable)" : ""));
    });
    var shown = image.label === null ? "Su imagen."
      : "Clase real: " + this.classes[image.label] + ".";
    this.summary.textContent = shown + " La red dice: " + this.classes[top] +
      " (" + percent(probabilities[top]) + ").";
  };

  /* ----- the detail view ----- */

  Explorer.prototype.onChoose = function (key, channel) {
    this.selected = { key: key, channel: channel };
    this.pointer = null;
    var button = key === "output" ? this.bars[channel].button
      : this.mapButtons[key][channel];
    this.navigation.forEach(function (buttons) {
      buttons.forEach(function (b) { b.tabIndex = -1; });
    });
    button.tabIndex = 0;
    this.hotLinks(null, 0);
    this.renderDetail();
  };

  Explorer.prototype.markSelected = function () {
    var selected = this.selected;
    this.root.querySelectorAll(".tve-map, .tve-bar").forEach(function (b) {
      var on = b.dataset.key === selected.key &&
        Number(b.dataset.channel) === selected.channel;
      b.classList.toggle("tve-selected", on);
      b.setAttribute("aria-current", on ? "true" : "false");
    });
  };

  Explorer.prototype.renderDetail = function () {
    this.markSelected();
    var detail = this.detail;
    detail.textContent = "";
    var key = this.selected.key;
    detail.dataset.key = key;
    detail.dataset.channel = String(this.selected.channel);
    if (key === "output") return this.outputDetail();
    var column = this.column(key);
    var map = this.activations[key];
    if (!this.pointer) this.pointer = this.defaultPointer(map);
    this.pointer.r = Math.min(this.pointer.r, map.shape[0] - 1);
    this.pointer.c = Math.min(this.pointer.c, map.shape[1] - 1);
    if (column.kind === "input") return this.inputDetail(column);
    if (column.kind === "conv") return this.convDetail(column);
    if (column.kind === "relu") return this.reluDetail(column);
    return this.poolDetail(column);
  };

  Explorer.prototype.defaultPointer = function (map) {
    // The strongest unit of the chosen map.
    var C = map.shape[2], channel = this.selected.channel;
    var best = 0;
    for (var i = channel; i < map.values.length; i += C) {
      if (map.values[i] > map.values[best * C + channel]) {
        best = (i - channel) / C;
      }
    }
    return { r: Math.floor(best / map.shape[1]), c: best % map.shape[1] };
  };

  // The frame of every detail view: its title and what it shows, a row of
  // its figures (pointerMap) beside the worked numbers, and a line said to
  // screen readers. frame.show(where, nodes, said) redraws the figures and
  // shows the numbers of the unit pointed at.
  Explorer.prototype.frame = function (title, explanation, figures) {
    var detail = this.detail;
    detail.appendChild(el("h4", "tve-detail-title", title));
    detail.appendChild(el("p", "tve-explain", explanation));
    var row = el("div", "tve-row");
    figures.forEach(function (figure) { row.appendChild(figure.figure); });
    var work = el("div", "tve-work");
    row.appendChild(work);
    detail.appendChild(row);
    var status = el("p", "tve-status");
    status.setAttribute("aria-live", "polite");
    detail.appendChild(status);
    return {
      show: function (where, nodes, said) {
        figures.forEach(function (figure) { figure.redraw(); });
        work.textContent = "";
        work.appendChild(el("p", "tve-where", where));
        nodes.forEach(function (node) { work.appendChild(node); });
        status.textContent = said;
      }
    };
  };

  // The enlarged map the reader points at: mouse, touch or arrow keys.
  // options.limits: the pointer's (rows, columns), the map's by default;
  // options.toPointer(r, c): the pointer for a unit of this map;
  // options.box(pointer): the box to outline, the pointer's unit by default.
  Explorer.prototype.pointerMap = function (key, channel, caption, update,
    options) {
    var self = this;
    var map = this.activations[key];
    options = options || {};
    var limits = options.limits || map.shape;
    var toPointer = options.toPointer || function (r, c) {
      return { r: r, c: c };
    };
    var boxOf = options.box || function (p) {
      return { r: p.r, c: p.c, h: 1, w: 1 };
    };
    var figure = el("figure", "tve-figure");
    var area = el("div", "tve-pointer");
    area.tabIndex = 0;
    area.setAttribute("role", "group");
    area.setAttribute("aria-label", caption +
      ". Use las flechas para señalar otra unidad.");
    var canvas = el("canvas", "tve-big");
    area.appendChild(canvas);
    figure.appendChild(area);
    figure.appendChild(el("figcaption", null, caption));
    var scale = Math.max(1, Math.floor(200 / map.shape[0]));
    var colour = this.colour(key, channel);
    var range = this.range(key);
    function redraw() {
      drawMap(canvas, map, channel, colour, range, scale,
        [boxOf(self.pointer)]);
    }
    function pointAt(event) {
      var box = canvas.getBoundingClientRect();
      var c = Math.floor((event.clientX - box.left) / box.width *
        map.shape[1]);
      var r = Math.floor((event.clientY - box.top) / box.height *
        map.shape[0]);
      if (r < 0 || c < 0 || r >= map.shape[0] || c >= map.shape[1]) return;
      var p = toPointer(r, c);
      p.r = Math.min(p.r, limits[0] - 1);
      p.c = Math.min(p.c, limits[1] - 1);
      if (p.r === self.pointer.r && p.c === self.pointer.c) return;
      self.pointer = p;
      update();
    }
    canvas.addEventListener("mousemove", pointAt);
    canvas.addEventListener("click", pointAt);
    area.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? 5 : 1;
      var moves = {
        ArrowUp: [-step, 0], ArrowDown: [step, 0],
        ArrowLeft: [0, -step], ArrowRight: [0, step]
      };
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      self.pointer = {
        r: Math.max(0, Math.min(limits[0] - 1, self.pointer.r + move[0])),
        c: Math.max(0, Math.min(limits[1] - 1, self.pointer.c + move[1]))
      };
      update();
    });
    return { figure: figure, redraw: redraw };
  };

  Explorer.prototype.position = function () {
    return "fila " + this.pointer.r + ", columna " + this.pointer.c;
  };

  Explorer.prototype.where = function () {
    return "Unidad: " + this.position();
  };

  Explorer.prototype.value = function (key, r, c, channel) {
    var map = this.activations[key];
    return map.values[(r * map.shape[1] + c) * map.shape[2] + channel];
  };

  Explorer.prototype.inputDetail = function (column) {
    var self = this;
    var channel = this.selected.channel;
    var figure = this.pointerMap("input", channel,
      "Canal " + CHANNELS[channel], update);
    var frame = this.frame("Entrada: canal " + CHANNELS[channel] + " (" +
      size(column.shape) + ")",
      "Cada píxel de la imagen, en su canal " + CHANNELS[channel] +
      ", dividido entre 255: la red recibe valores de 0 a 1. La primera " +
      "convolución lee a la vez los tres canales.", [figure]);
    function update() {
      var r = self.pointer.r, c = self.pointer.c;
      var pixels = self.current === "own" ? self.own.pixels
        : self.images[self.current].pixels;
      var shape = column.shape;
      var raw = pixels[(r * shape[1] + c) * shape[2] + channel];
      var v = self.value("input", r, c, channel);
      var line = el("p", "tve-equation");
      line.appendChild(number(raw, 0, "pixel"));
      line.appendChild(operator("/ 255 ="));
      line.appendChild(number(v, 4, "unit"));
      frame.show(self.where(), [line],
        self.position() + ": " + decimal(v, 4));
    }
    update();
  };

  Explorer.prototype.convDetail = function (column) {
    var self = this;
    var layer = column.layer;
    var filter = this.selected.channel;
    var from = this.column(column.previous);
    var kh = layer.kernel_shape[0], kw = layer.kernel_shape[1];
    var cin = layer.kernel_shape[2], cout = layer.kernel_shape[3];
    var bias = layer.bias[filter];
    var next = this.model[this.model.indexOf(layer) + 1];
    var relu = next && next.kind === "relu" ? next.name : null;
    var inputName = from.kind === "input" ? "la imagen (3 canales)"
      : "los " + cin + " mapas de " + from.key;
    var figure = this.pointerMap(column.key, filter,
      "Salida de " + column.key + ", filtro " + filter, update);
    var frame = this.frame(column.key + ", filtro " + filter +
      " (mapa de " + size(column.shape) + ")",
      "Este filtro tiene " + cin + " núcleos de " + kh + "×" + kw +
      ", uno por cada mapa de entrada, y un sesgo. Para cada unidad del " +
      "mapa, cada núcleo se multiplica elemento a elemento por la ventana " +
      "de " + kh + "×" + kw + " de su mapa de entrada (" + inputName +
      "); se suman los " + kh * kw * cin + " productos y el sesgo." +
      (relu ? " La ReLU que sigue (" + relu + ") cambia los negativos " +
        "por 0." : ""), [figure]);

    // Kernels of this filter: [channel][i*kw + j].
    var kernels = [];
    var kernelRange = 0;
    for (var ch = 0; ch < cin; ch++) {
      var k = [];
      for (var i = 0; i < kh; i++) {
        for (var j = 0; j < kw; j++) {
          k.push(layer.kernel[((i * kw + j) * cin + ch) * cout + filter]);
        }
      }
      kernelRange = Math.max(kernelRange, maxAbs(k, 0, 1, k.length));
      kernels.push(k);
    }
    var stride = layer.strides;
    var channelsBox = el("div", "tve-channels");
    this.detail.appendChild(channelsBox);
    var inputMap = this.activations[from.key];
    var inputRange = this.range(from.key);
    var miniScale = Math.max(1, Math.ceil(96 / from.shape[0]));

    function update() {
      var r = self.pointer.r, c = self.pointer.c;
      var top = r * stride[0], left = c * stride[1];
      channelsBox.textContent = "";
      var sums = [];
      var allProducts = [];
      var rows = [];
      for (var ch = 0; ch < cin; ch++) {
        var patch = [], products = [];
        for (var i = 0; i < kh; i++) {
          for (var j = 0; j < kw; j++) {
            var v = self.value(from.key, top + i, left + j, ch);
            patch.push(v);
            products.push(v * kernels[ch][i * kw + j]);
          }
        }
        allProducts = allProducts.concat(products);
        rows.push([patch, products]);
      }
      var productRange = maxAbs(allProducts, 0, 1, allProducts.length) || 1;
      rows.forEach(function (pair, ch) {
        var patch = pair[0], products = pair[1];
        var sum = 0;
        products.forEach(function (p) { sum += p; });
        sums.push(sum);
        var line = el("div", "tve-channel");
        line.dataset.channel = String(ch);
        var mini = el("figure", "tve-mini");
        var canvas = el("canvas");
        drawMap(canvas, inputMap, ch, self.colour(from.key, ch), inputRange,
          miniScale, [{ r: top, c: left, h: kh, w: kw }]);
        mini.appendChild(canvas);
        mini.appendChild(el("figcaption", null, from.kind === "input"
          ? "canal " + CHANNELS[ch] : from.key + ", mapa " + ch));
        line.appendChild(mini);
        var math = el("div", "tve-math");
        math.appendChild(numberGrid(patch, kh, kw, 3,
          from.kind === "input" ? 1 : inputRange, "patch", "ventana"));
        math.appendChild(operator("×"));
        math.appendChild(numberGrid(kernels[ch], kh, kw, 3, kernelRange,
          "kernel", "núcleo"));
        math.appendChild(operator("="));
        math.appendChild(numberGrid(products, kh, kw, 3, productRange,
          "product", "productos"));
        var sumBox = el("div", "tve-chsum");
        sumBox.appendChild(el("span", "tve-gridtitle", "suma"));
        sumBox.appendChild(number(sum, 4, "channel-sum"));
        math.appendChild(sumBox);
        line.appendChild(math);
        channelsBox.appendChild(line);
      });
      var products = 0;
      sums.forEach(function (s) { products += s; });
      var z = products + bias;
      var table = el("div", "tve-sum");
      function line(label, node, className) {
        var row = el("div", "tve-sum-row");
        if (className) row.classList.add(className);
        row.appendChild(el("span", "tve-sum-label", label));
        row.appendChild(node);
        table.appendChild(row);
      }
      line("suma de los " + allProducts.length + " productos",
        number(products, 4, "products-sum"));
      line("+ sesgo", number(bias, 4, "bias"));
      line("= " + column.key, number(z, 4, "sum"), "tve-total");
      if (relu) {
        line("ReLU: max(0, z)", number(Math.max(0, z), 4, "relu"));
      }
      frame.show(self.where(), [table], self.position() + ": " +
        column.key + " = " + decimal(z, 4) + (relu ? "; tras la ReLU, " +
          decimal(Math.max(0, z), 4) : "") + ".");
    }
    update();
  };

  Explorer.prototype.reluDetail = function (column) {
    var self = this;
    var channel = this.selected.channel;
    var before = column.previous;
    var map = this.activations[column.key];
    var zeros = 0, count = map.shape[0] * map.shape[1];
    for (var i = channel; i < map.values.length; i += map.shape[2]) {
      if (map.values[i] === 0) zeros += 1;
    }
    var input = this.pointerMap(before, channel, before + ", mapa " +
      channel + " (z)", update);
    var output = this.pointerMap(column.key, channel, column.key +
      ", mapa " + channel + " = max(0, z)", update);
    var frame = this.frame(column.key + ", mapa " + channel + " (" +
      size(column.shape) + ")",
      "La ReLU toma cada valor z del mapa " + channel + " de " + before +
      " y lo deja igual si es positivo o lo cambia por 0: max(0, z). En " +
      "esta imagen deja en cero el " + percent(zeros / count) +
      " de este mapa.", [input, output]);
    function update() {
      var r = self.pointer.r, c = self.pointer.c;
      var z = self.value(before, r, c, channel);
      var a = self.value(column.key, r, c, channel);
      var line = el("p", "tve-equation");
      line.appendChild(operator("max(0,"));
      line.appendChild(number(z, 4, "relu-input"));
      line.appendChild(operator(") ="));
      line.appendChild(number(a, 4, "unit"));
      frame.show(self.where(), [line], self.position() + ": max(0, " +
        decimal(z, 4) + ") = " + decimal(a, 4) + ".");
    }
    update();
  };

  Explorer.prototype.poolDetail = function (column) {
    var self = this;
    var channel = this.selected.channel;
    var layer = column.layer;
    var before = column.previous;
    var ph = layer.pool_size[0], pw = layer.pool_size[1];
    var sh = layer.strides[0], sw = layer.strides[1];
    // Pointing at a unit of the input map picks the window that holds it.
    var input = this.pointerMap(before, channel, before + ", mapa " +
      channel, update, {
        limits: column.shape,
        toPointer: function (r, c) {
          return { r: Math.floor(r / sh), c: Math.floor(c / sw) };
        },
        box: function (p) {
          return { r: p.r * sh, c: p.c * sw, h: ph, w: pw };
        }
      });
    var output = this.pointerMap(column.key, channel, column.key +
      ", mapa " + channel, update);
    var frame = this.frame(column.key + ", mapa " + channel + " (" +
      size(column.shape) + ")",
      "El max-pooling recorre el mapa " + channel + " de " + before +
      " en ventanas de " + ph + "×" + pw + " con zancada " + sh + " y se " +
      "queda con el máximo de cada una: el mapa pasa de " +
      size(this.column(before).shape) + " a " + size(column.shape) + ".",
      [input, output]);
    var range = this.range(before);
    function update() {
      var p = self.pointer;
      var windowValues = [];
      for (var i = 0; i < ph; i++) {
        for (var j = 0; j < pw; j++) {
          windowValues.push(self.value(before, p.r * sh + i, p.c * sw + j,
            channel));
        }
      }
      var best = Math.max.apply(null, windowValues);
      var shown = self.value(column.key, p.r, p.c, channel);
      var math = el("div", "tve-math");
      var grid = numberGrid(windowValues, ph, pw, 4, range, "window",
        "ventana " + ph + "×" + pw);
      var cells = grid.querySelectorAll(".tve-num");
      windowValues.forEach(function (v, index) {
        if (v === best) cells[index].classList.add("tve-max");
      });
      math.appendChild(grid);
      math.appendChild(operator("→ máximo"));
      math.appendChild(number(shown, 4, "unit"));
      frame.show(self.where(), [math], self.position() +
        ": máximo de la ventana = " + decimal(shown, 4) + ".");
    }
    update();
  };

  Explorer.prototype.outputDetail = function () {
    var self = this;
    var layer = this.outputLayer;
    var logits = this.activations[layer.name].logits;
    var probabilities = this.activations[layer.name].values;
    var flat = this.model[this.model.indexOf(layer) - 1];
    var last = this.columns[this.columns.length - 1];
    var n = layer.kernel_shape[0];
    var frame = this.frame("Salida: logits y softmax",
      "El aplanado (" + flat.name + ") pone en fila los " +
      last.shape[0] + "·" + last.shape[1] + "·" + last.shape[2] + " = " +
      decimal(n, 0) + " valores de " + last.key + ". La capa densa (" +
      layer.name + ") los multiplica por los pesos de cada clase, los " +
      "suma y añade un sesgo: un logit z por clase. La softmax los " +
      "convierte en probabilidades que suman 1: p = exp(z) / Σ exp(z).", []);
    var selected = this.selected.channel;
    var scroller = el("div", "tve-table-wrap");
    var table = el("table", "tve-softmax");
    var caption = el("caption", null,
      "Señale una clase (cursor o flechas) para ver su logit.");
    table.appendChild(caption);
    var head = el("thead");
    var headRow = el("tr");
    ["clase", "logit z", "exp(z)", "p"].forEach(function (text) {
      var th = el("th", null, text);
      th.scope = "col";
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = el("tbody");
    body.tabIndex = 0;
    body.setAttribute("aria-label",
      "Clases; use las flechas para señalar otra.");
    var exps = [];
    var total = 0;
    for (var k = 0; k < logits.length; k++) {
      exps.push(Math.exp(logits[k]));
      total += exps[k];
    }
    var rows = this.classes.map(function (name, k) {
      var tr = el("tr");
      var th = el("th", null, name);
      th.scope = "row";
      tr.appendChild(th);
      [[logits[k], 3, "logit"], [exps[k], 3, "exp"],
        [probabilities[k], null, "softmax"]].forEach(function (cell) {
        var td = el("td");
        var node = cell[1] === null ? el("span", "tve-num", percent(cell[0]))
          : number(cell[0], cell[1], cell[2]);
        node.dataset.value = String(cell[0]);
        node.dataset.role = cell[2];
        td.appendChild(node);
        tr.appendChild(td);
      });
      tr.addEventListener("mouseenter", function () { choose(k); });
      tr.addEventListener("click", function () { choose(k); });
      body.appendChild(tr);
      return tr;
    });
    table.appendChild(body);
    var foot = el("tfoot");
    var footRow = el("tr");
    var footTh = el("th", null, "Σ");
    footTh.scope = "row";
    footRow.appendChild(footTh);
    footRow.appendChild(el("td"));
    var sumTd = el("td");
    sumTd.appendChild(number(total, 3, "exp-sum"));
    footRow.appendChild(sumTd);
    var oneTd = el("td");
    var probabilitySum = 0;
    for (var q = 0; q < probabilities.length; q++) {
      probabilitySum += probabilities[q];
    }
    oneTd.appendChild(el("span", "tve-num", percent(probabilitySum)));
    footRow.appendChild(oneTd);
    foot.appendChild(footRow);
    table.appendChild(foot);
    scroller.appendChild(table);
    this.detail.appendChild(scroller);
    body.addEventListener("keydown", function (event) {
      var step = { ArrowUp: -1, ArrowDown: 1 }[event.key];
      if (!step) return;
      event.preventDefault();
      choose(Math.max(0, Math.min(rows.length - 1, selected + step)));
    });
    function choose(k) {
      selected = k;
      self.selected = { key: "output", channel: k };
      self.markSelected();
      self.hotLinks(null, 0);
      rows.forEach(function (tr, index) {
        tr.classList.toggle("tve-row-on", index === k);
      });
      var dot = logits[k] - layer.bias[k];
      var sum = el("div", "tve-sum");
      [["aplanado · pesos (" + decimal(n, 0) + " productos)", dot,
        "products-sum"],
      ["+ sesgo", layer.bias[k], "bias"],
      ["= logit z", logits[k], "sum"]].forEach(function (item, index) {
        var row = el("div", "tve-sum-row" + (index === 2 ? " tve-total" : ""));
        row.appendChild(el("span", "tve-sum-label", item[0]));
        row.appendChild(number(item[1], 4, item[2]));
        sum.appendChild(row);
      });
      var p = el("div", "tve-sum-row");
      p.appendChild(el("span", "tve-sum-label", "p = exp(z) / Σ exp(z)"));
      var pn = el("span", "tve-num", percent(probabilities[k]));
      pn.dataset.value = String(probabilities[k]);
      p.appendChild(pn);
      sum.appendChild(p);
      frame.show("Clase: " + self.classes[k], [sum], self.classes[k] +
        ": logit " + decimal(logits[k], 3) + ", probabilidad " +
        percent(probabilities[k]) + ".");
    }
    choose(selected);
  };

  /* ----- for tests and curious readers: the current values ----- */

  Explorer.prototype.unit = function (key, index) {
    return this.activations[key].values[index];
  };

  function start() {
    var roots = document.querySelectorAll(".tinyvgg-explorer");
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i];
      if (root.explorer) continue;
      root.explorer = new Explorer(root);
    }
  }

  start();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
