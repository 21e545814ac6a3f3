// Fetches the data while the wasm module downloads and compiles, instead of after, and
// reads each body: the app takes { status, statusText, body } from
// window.bankdashPrefetch (by the relative URL it would fetch; see
// platform::take_prefetched in src/platform.rs), so the bytes are there when it starts. The collection files only for the bundled data (no
// REST API chosen with ?api=, which the app remembers in sessionStorage under
// "bankdash.api"; see src/data.rs). The file names are the dataset's
// (Collection::file_name); a browser test checks that each file is downloaded once, and
// before the app starts. A blocking script in index.html's <head>, before boot.js: it
// runs as soon as it is downloaded, and always before the app.
(function () {
  var files = ['config.json', 'data/meta.json', 'data/personas.json'];
  var api = new URLSearchParams(location.search).get('api');
  try { api = api || sessionStorage.getItem('bankdash.api'); } catch (e) { /* storage off */ }
  if (!api || api === 'bundled') {
    ['customers', 'accounts', 'transactions', 'savings_goals', 'service_requests',
      'dispute_records', 'notifications', 'auth_users', 'credentials', 'mfa_settings',
      'registered_devices', 'login_sessions', 'audit_logs', 'customer_settings']
      .forEach(function (name) { files.push('data/' + name + '.json'); });
  }
  var prefetch = {};
  files.forEach(function (href) {
    // Low priority: the wasm (preloaded in index.html) is what the app needs first; the
    // data is needed only once the app has started.
    var read = fetch(href, { priority: 'low' }).then(function (r) {
      return r.arrayBuffer().then(function (body) {
        return { status: r.status, statusText: r.statusText, body: body };
      });
    });
    // A failed fetch is the app's to report (it awaits this promise), not the console's.
    read.catch(function () {});
    prefetch[href] = read;
  });
  window.bankdashPrefetch = prefetch;
})();
