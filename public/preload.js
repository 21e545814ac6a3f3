// Compiles the wasm as it downloads, and fetches the data meanwhile, instead of after,
// reading each body: the app takes { status, statusText, body } from
// window.bankdashPrefetch (by the relative URL it would fetch; see
// platform::take_prefetched in src/platform.rs), so the bytes are there when it starts.
// The collection files only for the bundled data (no REST API chosen with ?api=, which
// the app remembers in sessionStorage under "bankdash.api"; see src/data.rs). The file
// names are the dataset's (Collection::file_name); a browser test checks that each file
// is downloaded once, and before the app starts. A blocking script in index.html's
// <head>, after the wasm's preload and before boot.js: it runs as soon as it is
// downloaded, and always before the app.
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
  // The wasm, preloaded by the <link> above this script, is compiled as it arrives, while
  // the loader modules download: boot.js hands the compiled module to the loader.
  var wasm = document.querySelector('link[rel=preload][href$=".wasm"]');
  if (wasm && WebAssembly.compileStreaming) {
    window.bankdashWasm = WebAssembly.compileStreaming(fetch(wasm.href));
    window.bankdashWasm.catch(function () {});
  }
  var prefetch = {};
  files.forEach(function (href) {
    // Low priority: the wasm is requested first and needed first.
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
