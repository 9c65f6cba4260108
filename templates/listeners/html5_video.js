// html5_video: progress of <video> elements matching tagspec.selector (all
// videos when it is empty). When playback first reaches each percentage in
// tagspec.percent, push tagspec.event with the gtm.video* keys that GTM's
// built-in video variables read; 100 is reported when the video ends.
var videos = [];

function sentFor(v) {
  for (var i = 0; i < videos.length; i++) {
    if (videos[i].v === v) { return videos[i].sent; }
  }
  var sent = {};
  videos.push({v: v, sent: sent});
  return sent;
}

function report(v, pct, status) {
  push(v, {
    'gtm.videoProvider': 'html5',
    'gtm.videoStatus': status,
    'gtm.videoPercent': pct,
    'gtm.videoUrl': v.currentSrc || v.src || '',
    'gtm.videoTitle': v.getAttribute('title') || '',
    'gtm.videoDuration': Math.round(v.duration || 0),
    'gtm.videoCurrentTime': Math.round(v.currentTime || 0)
  });
}

function onMedia(e) {
  var v = e.target;
  if (!v || v.nodeName !== 'VIDEO' || !matches(v, tagspec.selector)) { return; }
  if (!(v.duration > 0) || !isFinite(v.duration)) { return; }
  var sent = sentFor(v);
  var reached = e.type === 'ended' ? 100 : (v.currentTime / v.duration) * 100;
  var list = tagspec.percent || [];
  for (var i = 0; i < list.length; i++) {
    var p = list[i];
    if (sent[p] || reached < p || (p >= 100 && e.type !== 'ended')) { continue; }
    sent[p] = true;
    report(v, p, p >= 100 ? 'complete' : 'progress');
  }
}

// Media events do not bubble, so listen in the capture phase.
document.addEventListener('timeupdate', onMedia, true);
document.addEventListener('ended', onMedia, true);
