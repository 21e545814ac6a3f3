// Starts the data downloads while the wasm module downloads and compiles, instead of
// after: the app's own fetches of these URLs then take the preloaded responses. The
// collection files only for the bundled data (no REST API chosen with ?api=, which the
// app remembers in sessionStorage under "bankdash.api"; see src/data.rs). The file
// names are the dataset's (Collection::file_name); a browser test checks that each
// file is downloaded once. Loaded with `defer`: the wasm and JS requests, which the
// parser finds first, go out before these.
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
  files.forEach(function (href) {
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = href;
    document.head.appendChild(link);
  });
})();
