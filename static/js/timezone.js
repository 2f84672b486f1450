// Tells the portal the browser's time zone, so visitors and members without a zone in their
// profile see times in their own. Without JavaScript, times are shown in UTC, and say so.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (error) {
    // An old browser without Intl: UTC it is.
  }
})();
