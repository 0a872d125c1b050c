/* gst-neuroviz htmlplayersink: the player.  Written once at the end of the
 * page, after every frame; called with the id of its root element, so
 * several players can share one page (a Jupyter notebook). */
(function (id) {
  "use strict";
  var root = document.getElementById(id);
  if (!root || root.nvhp)
    return;
  function q(c) { return root.querySelector("." + c); }
  var img = q("nvhp-img"), slider = q("nvhp-slider"), timeEl = q("nvhp-time"),
      countEl = q("nvhp-count"), speedEl = q("nvhp-speed");
  var video = root.querySelector("video.nvhp-video");
  var els = root.querySelectorAll("script.nvhp-f");
  var n = els.length, frames = [], i;
  function num(v) { return v === null || v === "" ? NaN : Number(v); }
  for (i = 0; i < n; i++)
    frames.push({ e: els[i], m: els[i].getAttribute("data-m"),
        t: num(els[i].getAttribute("data-t")),
        d: num(els[i].getAttribute("data-d")), src: null });

  var cur = -1, dir = 0, timer = null;
  var speed = Number(root.getAttribute("data-speed")) || 1;
  var mode = root.getAttribute("data-mode") || "loop";

  function src(k) {
    var f = frames[k];
    if (f.src === null)
      f.src = "data:" + f.m + ";base64," + f.e.textContent;
    return f.src;
  }
  function fmtTime(ns) {
    return isFinite(ns) ? "t = " + (ns / 1e9).toFixed(3) + " s" : "t = \u2013";
  }
  function fmtSpeed(s) {
    return (s >= 1 ? String(Math.round(s * 100) / 100) : "1/" +
        String(Math.round(100 / s) / 100)) + "\u00d7";
  }
  function setState(s) {
    root.setAttribute("data-state", s);
  }
  function show(k) {
    if (n === 0)
      return;
    k = Math.max(0, Math.min(n - 1, k | 0));
    if (k !== cur) {
      img.setAttribute("data-i", k);
      img.src = src(k);
    }
    cur = k;
    slider.value = k;
    timeEl.textContent = fmtTime(frames[k].t);
    countEl.textContent = "frame " + k + " / " + (n - 1);
    root.setAttribute("data-frame", k);
    root.setAttribute("data-t", isFinite(frames[k].t) ? frames[k].t : "");
  }
  /* how long frame k stays: until the next PTS, else its duration (the
   * element fills it in from the framerate), else 100 ms */
  function frameMs(k) {
    var ms = NaN;
    if (k + 1 < n && isFinite(frames[k].t) && isFinite(frames[k + 1].t))
      ms = (frames[k + 1].t - frames[k].t) / 1e6;
    if (!(ms > 0) && frames[k].d > 0)
      ms = frames[k].d / 1e6;
    if (!(ms > 0))
      ms = 100;
    return ms;
  }
  /* the frame after k going in direction d, as [frame, direction], or null
   * at the end in "once" mode */
  function step(k, d) {
    var j = k + d;
    if (j >= 0 && j < n)
      return [j, d];
    if (mode === "loop")
      return [d > 0 ? 0 : n - 1, d];
    if (mode === "reflect" && n > 1)
      return [k - d, -d];
    return null;
  }
  function schedule() {
    var ms = frameMs(cur) / speed;
    timer = setTimeout(tick, Math.max(1, ms));
  }
  function tick() {
    timer = null;
    var s = step(cur, dir);
    if (!s) {
      pause();
      return;
    }
    dir = s[1];
    setState(dir > 0 ? "playing" : "reversing");
    show(s[0]);
    schedule();
  }
  function play(d) {
    if (n === 0)
      return;
    if (timer !== null)
      clearTimeout(timer);
    /* "once" at the end: start again */
    if (mode === "once" && step(cur, d) === null)
      show(d > 0 ? 0 : n - 1);
    dir = d;
    setState(d > 0 ? "playing" : "reversing");
    schedule();
  }
  function pause() {
    if (timer !== null)
      clearTimeout(timer);
    timer = null;
    dir = 0;
    setState("paused");
  }
  function setSpeed(s) {
    speed = Math.max(1 / 64, Math.min(64, s));
    root.setAttribute("data-speed", speed);
    speedEl.textContent = fmtSpeed(speed);
    if (video)
      video.playbackRate = Math.max(0.0625, Math.min(16, speed));
  }
  function setMode(m) {
    if (m !== "loop" && m !== "once" && m !== "reflect")
      return;
    mode = m;
    root.setAttribute("data-mode", m);
    var r = root.querySelector("input[value=" + m + "]");
    if (r)
      r.checked = true;
    if (video)
      video.loop = m === "loop";
  }
  var acts = {
    slower: function () { setSpeed(speed / 2); },
    faster: function () { setSpeed(speed * 2); },
    first: function () { pause(); show(0); },
    last: function () { pause(); show(n - 1); },
    prev: function () { pause(); show(cur - 1); },
    next: function () { pause(); show(cur + 1); },
    reverse: function () { play(-1); },
    pause: pause,
    play: function () { play(1); },
    toggle: function () { if (dir) pause(); else play(1); }
  };
  if (video) {
    /* an encoded movie: the browser's own controls, with ours for speed,
     * play, pause and mode */
    acts.play = function () { video.play(); };
    acts.pause = function () { video.pause(); };
    acts.toggle = function () { if (video.paused) video.play(); else video.pause(); };
    acts.first = function () { video.currentTime = 0; };
    acts.reverse = acts.play;
    root.classList.add("nvhp-has-video");
    /* a streamable WebM has no duration in its header: seeking far ahead
     * makes the browser find the end, then back to the start */
    video.addEventListener("loadedmetadata", function () {
      if (video.duration !== Infinity && !isNaN(video.duration))
        return;
      video.addEventListener("durationchange", function back() {
        if (video.duration === Infinity || isNaN(video.duration))
          return;
        video.removeEventListener("durationchange", back);
        video.currentTime = 0;
      });
      video.currentTime = 1e101;
    });
    video.addEventListener("play", function () { setState("playing"); });
    video.addEventListener("pause", function () { setState("paused"); });
    video.addEventListener("timeupdate", function () {
      timeEl.textContent = fmtTime(video.currentTime * 1e9);
      root.setAttribute("data-t", Math.round(video.currentTime * 1e9));
    });
  }

  root.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-act]") : null;
    if (b && acts[b.getAttribute("data-act")])
      acts[b.getAttribute("data-act")]();
  });
  slider.max = Math.max(0, n - 1);
  slider.addEventListener("input", function () {
    pause();
    show(Number(slider.value));
  });
  root.addEventListener("change", function (e) {
    if (e.target.type === "radio")
      setMode(e.target.value);
  });
  img.addEventListener("load", function () {
    root.setAttribute("data-shown", img.getAttribute("data-i"));
  });
  img.addEventListener("click", function () { root.focus(); });

  var keys = {
    " ": "toggle", ArrowLeft: "prev", ArrowRight: "next", Home: "first",
    End: "last", "+": "faster", "=": "faster", "-": "slower"
  };
  function onKey(e) {
    var t = e.target, tag = t && t.tagName, act = keys[e.key];
    if (!act || e.altKey || e.ctrlKey || e.metaKey)
      return;
    /* the slider moves itself with arrows and Home/End; text fields,
     * buttons and radios keep their keys */
    if (tag === "INPUT" && t.type === "range" && e.key !== " ")
      return;
    if (tag === "BUTTON" && e.key === " ")
      return;
    if (tag === "TEXTAREA" || tag === "SELECT" ||
        (tag === "INPUT" && t.type !== "range") || (t && t.isContentEditable))
      return;
    e.preventDefault();
    acts[act]();
  }
  /* a page of its own takes the keys everywhere; inside a notebook only
   * when the player has the focus */
  var standalone = root.parentNode === document.body;
  (standalone ? document : root).addEventListener("keydown", onKey);

  function fromHash() {
    var h = (location.hash || "").replace(/^#/, ""), p = {};
    h.split(/[&;]/).forEach(function (kv) {
      if (!kv)
        return;
      var k = kv.indexOf("=");
      p[decodeURIComponent(k < 0 ? kv : kv.slice(0, k))] =
          k < 0 ? "" : decodeURIComponent(kv.slice(k + 1));
    });
    if ("speed" in p && Number(p.speed) > 0)
      setSpeed(Number(p.speed));
    if ("mode" in p)
      setMode(p.mode);
    if ("frame" in p) {
      pause();
      show(Number(p.frame) || 0);
    }
    if ("play" in p)
      play(1);
    else if ("reverse" in p)
      play(-1);
  }

  root.setAttribute("data-frames", n);
  setSpeed(speed);
  setMode(mode);
  setState("paused");
  show(0);
  if (n === 0) {
    countEl.textContent = video ? "" : "no frames";
    root.setAttribute("data-frame", video ? 0 : -1);
  }
  if (root.getAttribute("data-autoplay") === "1")
    acts.play();
  if (standalone) {
    fromHash();
    window.addEventListener("hashchange", fromHash);
  }
  root.nvhp = acts;
  root.setAttribute("data-ready", "1");
})
