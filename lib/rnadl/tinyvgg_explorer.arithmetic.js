/* The arithmetic of chapter 6's Tiny VGG explorer, without the page: numbers
   as the book writes them, the data decoded from base64, the network's
   forward pass in float64 from the float32 weights, and the colours that
   show a value. A classic script that defines one global,
   tinyvggArithmetic; tinyvgg_explorer.js draws with it in the page, and
   tests/js/explorer_arithmetic.js runs it in Node against
   rnadl.float64_forward. */
var tinyvggArithmetic = (function () {
  "use strict";

  var MINUS = "\u2212";
  var GROUP = "\u202f";
  var NBSP = "\u00a0";

  /* ---------- numbers as the book writes them (number_format) ---------- */

  // Digits in threes, only when there are more than four: 4000, 12 345.
  function group(digits) {
    if (digits.length <= 4) return digits;
    var head = digits.length % 3 || 3;
    var parts = [digits.slice(0, head)];
    for (var i = head; i < digits.length; i += 3) {
      parts.push(digits.slice(i, i + 3));
    }
    return parts.join(GROUP);
  }

  // A fixed number of decimals, a true minus, no minus on a rounded 0.
  function decimal(value, digits) {
    var text = Math.abs(value).toFixed(digits);
    var parts = text.split(".");
    var body = group(parts[0]) + (parts.length > 1 ? "." + parts[1] : "");
    var negative = value < 0 && Number(text) !== 0;
    return (negative ? MINUS : "") + body;
  }

  function percent(fraction, digits) {
    return decimal(100 * fraction, digits === undefined ? 1 : digits) +
      NBSP + "%";
  }

  function size(shape) {
    return shape[0] + "×" + shape[1];
  }

  /* ---------- the data (written by rnadl.tinyvgg_explorer) ---------- */

  function bytes(base64) {
    var text = atob(base64);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  // Little-endian float32 values, widened to float64.
  function float32s(base64) {
    var raw = bytes(base64);
    var view = new DataView(raw.buffer);
    var out = new Float64Array(raw.length / 4);
    for (var i = 0; i < out.length; i++) {
      out[i] = view.getFloat32(4 * i, true);
    }
    return out;
  }

  // The layers of explorer_data, with their weights decoded.
  function readModel(data) {
    return data.layers.map(function (layer) {
      var copy = Object.assign({}, layer);
      if (layer.kernel) {
        copy.kernel = float32s(layer.kernel);
        copy.bias = float32s(layer.bias);
      }
      return copy;
    });
  }

  // The example images: name, label and uint8 pixels (h, w, 3) of each.
  function readImages(data) {
    var shape = data.input_shape;
    var length = shape[0] * shape[1] * shape[2];
    var all = bytes(data.images.pixels);
    return data.images.labels.map(function (label, index) {
      return {
        name: data.classes[label],
        label: label,
        pixels: all.subarray(index * length, (index + 1) * length)
      };
    });
  }

  /* ---------- the forward pass, float64 ---------- */

  function activate(values, name) {
    if (name === "relu") {
      for (var i = 0; i < values.length; i++) {
        if (values[i] < 0) values[i] = 0;
      }
    } else if (name === "softmax") {
      var top = -Infinity;
      var i2;
      for (i2 = 0; i2 < values.length; i2++) {
        top = Math.max(top, values[i2]);
      }
      var total = 0;
      for (i2 = 0; i2 < values.length; i2++) {
        values[i2] = Math.exp(values[i2] - top);
        total += values[i2];
      }
      for (i2 = 0; i2 < values.length; i2++) values[i2] /= total;
    }
    return values;
  }

  function convolve(x, shape, layer) {
    var H = shape[0], W = shape[1], C = shape[2];
    var kh = layer.kernel_shape[0], kw = layer.kernel_shape[1];
    var O = layer.kernel_shape[3];
    var sh = layer.strides[0], sw = layer.strides[1];
    var oh = Math.floor((H - kh) / sh) + 1;
    var ow = Math.floor((W - kw) / sw) + 1;
    var k = layer.kernel, b = layer.bias;
    var y = new Float64Array(oh * ow * O);
    for (var r = 0; r < oh; r++) {
      for (var c = 0; c < ow; c++) {
        var base = (r * ow + c) * O;
        for (var o = 0; o < O; o++) y[base + o] = b[o];
        for (var i = 0; i < kh; i++) {
          for (var j = 0; j < kw; j++) {
            var from = ((r * sh + i) * W + c * sw + j) * C;
            var weights = (i * kw + j) * C * O;
            for (var ch = 0; ch < C; ch++) {
              var v = x[from + ch];
              if (v === 0) continue;
              var at = weights + ch * O;
              for (var o2 = 0; o2 < O; o2++) y[base + o2] += v * k[at + o2];
            }
          }
        }
      }
    }
    return { values: activate(y, layer.activation), shape: [oh, ow, O] };
  }

  function maxPool(x, shape, layer) {
    var W = shape[1], C = shape[2];
    var ph = layer.pool_size[0], pw = layer.pool_size[1];
    var sh = layer.strides[0], sw = layer.strides[1];
    var oh = Math.floor((shape[0] - ph) / sh) + 1;
    var ow = Math.floor((W - pw) / sw) + 1;
    var y = new Float64Array(oh * ow * C);
    for (var r = 0; r < oh; r++) {
      for (var c = 0; c < ow; c++) {
        for (var ch = 0; ch < C; ch++) {
          var best = -Infinity;
          for (var i = 0; i < ph; i++) {
            for (var j = 0; j < pw; j++) {
              var v = x[((r * sh + i) * W + c * sw + j) * C + ch];
              if (v > best) best = v;
            }
          }
          y[(r * ow + c) * C + ch] = best;
        }
      }
    }
    return { values: y, shape: [oh, ow, C] };
  }

  function dense(x, layer) {
    var N = layer.kernel_shape[0], O = layer.kernel_shape[1];
    var k = layer.kernel;
    var logits = new Float64Array(O);
    for (var o = 0; o < O; o++) logits[o] = layer.bias[o];
    for (var i = 0; i < N; i++) {
      var v = x[i];
      if (v === 0) continue;
      for (var o2 = 0; o2 < O; o2++) logits[o2] += v * k[i * O + o2];
    }
    var values = activate(Float64Array.from(logits), layer.activation);
    return { values: values, shape: [O], logits: logits };
  }

  // Every layer's output on one image's uint8 pixels, by layer name (and
  // "input"): {values (row-major h, w, c), shape; a dense layer's logits}.
  function forward(model, inputShape, pixels) {
    var x = new Float64Array(pixels.length);
    // The chapter's input: float32(pixel / 255).
    for (var i = 0; i < x.length; i++) x[i] = Math.fround(pixels[i] / 255);
    var shape = inputShape.slice();
    var outputs = { input: { values: x, shape: shape } };
    model.forEach(function (layer) {
      var result;
      if (layer.kind === "conv") result = convolve(x, shape, layer);
      else if (layer.kind === "max_pool") result = maxPool(x, shape, layer);
      else if (layer.kind === "dense") result = dense(x, layer);
      else if (layer.kind === "relu") {
        var rectified = activate(Float64Array.from(x), "relu");
        result = { values: rectified, shape: shape };
      } else if (layer.kind === "flatten") {
        result = { values: x, shape: [x.length] };
      } else {
        throw new Error("unknown layer kind " + layer.kind);
      }
      outputs[layer.name] = result;
      x = result.values;
      shape = result.shape;
    });
    return outputs;
  }

  /* ---------- colours ---------- */

  // Diverging blue (negative), near white (0), red (positive).
  var STOPS = [
    [33, 102, 172], [103, 169, 207], [247, 247, 247],
    [239, 138, 98], [178, 24, 43]
  ];
  var LUT = (function () {
    var table = new Uint8Array(256 * 3);
    for (var i = 0; i < 256; i++) {
      var t = (i / 255) * (STOPS.length - 1);
      var low = Math.min(Math.floor(t), STOPS.length - 2);
      var f = t - low;
      for (var k = 0; k < 3; k++) {
        table[3 * i + k] = Math.round(
          STOPS[low][k] * (1 - f) + STOPS[low + 1][k] * f);
      }
    }
    return table;
  })();

  // value / range in [-1, 1] -> [r, g, b]
  function diverging(t) {
    var i = Math.round((Math.max(-1, Math.min(1, t)) + 1) * 127.5);
    return [LUT[3 * i], LUT[3 * i + 1], LUT[3 * i + 2]];
  }

  // One input channel, 0 to 1, from black to its own primary colour.
  function channelColour(channel) {
    return function (t) {
      var v = Math.round(255 * Math.max(0, Math.min(1, t)));
      return [channel === 0 ? v : 0, channel === 1 ? v : 0,
        channel === 2 ? v : 0];
    };
  }

  function css(rgb) {
    return "rgb(" + rgb[0] + "," + rgb[1] + "," + rgb[2] + ")";
  }

  // WCAG 2's relative luminance of an sRGB colour, and the contrast ratio
  // of two colours (1 to 21; AA asks 4.5 of body text).
  function luminance(rgb) {
    var linear = rgb.map(function (value) {
      var s = value / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // Black or white text, whichever stands out more on the background:
  // on any background one of them reaches a ratio of at least 4.58.
  var BLACK = [0, 0, 0], WHITE = [255, 255, 255];
  function textColour(background) {
    return contrast(background, BLACK) >= contrast(background, WHITE)
      ? BLACK : WHITE;
  }

  function maxAbs(values, from, step, count) {
    var top = 0;
    for (var i = 0; i < count; i++) {
      top = Math.max(top, Math.abs(values[from + i * step]));
    }
    return top;
  }

  return {
    decimal: decimal,
    percent: percent,
    size: size,
    readModel: readModel,
    readImages: readImages,
    forward: forward,
    diverging: diverging,
    channelColour: channelColour,
    css: css,
    contrast: contrast,
    textColour: textColour,
    maxAbs: maxAbs
  };
})();
