/* Table preview: the server renders a working page; this script reads further pages, sorts and
   filters from the records API instead of reloading, and keeps the state in the page URL so the
   back button, reloading and sharing a link all work. */
(function () {
  "use strict";

  var section = document.querySelector("[data-preview]");
  var configNode = document.getElementById("preview-config");
  if (!section || !configNode || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var text = config.text;
  var form = section.querySelector("[data-preview-form]");
  var rowsNode = section.querySelector("[data-preview-rows]");
  var statusNode = section.querySelector("[data-preview-status]");
  var pager = section.querySelector("[data-preview-pager]");
  var previous = pager.querySelector('[data-page="previous"]');
  var next = pager.querySelector('[data-page="next"]');
  var pageLabel = pager.querySelector('[data-page="label"]');
  var filtered = document.querySelector("[data-filtered-downloads]");
  var current = 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  // The page URL's state: q, sort, page, and filters as parallel fc/fo/fv lists.
  function stateFrom(search) {
    var params = new URLSearchParams(search);
    var columns = params.getAll("fc");
    var ops = params.getAll("fo");
    var values = params.getAll("fv");
    var filters = [];
    columns.forEach(function (column, i) {
      var value = (values[i] || "").trim();
      if (column && value) {
        filters.push({ column: column, op: ops[i] || "contains", value: value });
      }
    });
    var page = parseInt(params.get("page") || "1", 10);
    return {
      q: (params.get("q") || "").trim(),
      sort: params.get("sort") || "",
      page: page > 0 ? page : 1,
      filters: filters
    };
  }

  function pageSearch(state) {
    var params = new URLSearchParams();
    if (state.q) params.append("q", state.q);
    state.filters.forEach(function (f) {
      params.append("fc", f.column);
      params.append("fo", f.op);
      params.append("fv", f.value);
    });
    if (state.sort) params.append("sort", state.sort);
    if (state.page > 1) params.append("page", String(state.page));
    var query = params.toString();
    return query ? "?" + query : "?";
  }

  function filterParams(state) {
    var params = new URLSearchParams();
    if (state.q) params.append("q", state.q);
    state.filters.forEach(function (f) {
      params.append(f.op === "eq" ? f.column : f.column + "__" + f.op, f.value);
    });
    return params;
  }

  function apiUrl(state) {
    var params = filterParams(state);
    if (state.sort) params.append("sort", state.sort);
    params.append("limit", String(config.pageSize));
    params.append("offset", String((state.page - 1) * config.pageSize));
    return config.api + "?" + params.toString();
  }

  function cell(value) {
    if (value === null || value === undefined) return "";
    return String(value);
  }

  function renderRows(body) {
    var labels = body.fields.map(function (f) { return f.name; });
    var fragment = document.createDocumentFragment();
    body.records.forEach(function (record) {
      var tr = document.createElement("tr");
      labels.forEach(function (label) {
        var td = document.createElement("td");
        td.textContent = cell(record[label]);
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    rowsNode.replaceChildren(fragment);
  }

  function nextSort(state, column) {
    var sorted = state.sort.replace(/^-/, "");
    if (sorted !== column) return column;
    return state.sort.charAt(0) === "-" ? "" : "-" + column;
  }

  function renderHeaders(state) {
    section.querySelectorAll("th a[data-sort]").forEach(function (link) {
      var column = link.getAttribute("data-sort");
      var th = link.parentNode;
      var sorted = state.sort.replace(/^-/, "") === column;
      th.setAttribute("aria-sort", !sorted ? "none" : state.sort.charAt(0) === "-" ? "descending" : "ascending");
      link.href = pageSearch({ q: state.q, sort: nextSort(state, column), page: 1, filters: state.filters });
    });
  }

  function renderPager(state, total) {
    var count = Math.max(1, Math.ceil(total / config.pageSize));
    previous.hidden = state.page <= 1;
    next.hidden = state.page >= count;
    previous.href = pageSearch(Object.assign({}, state, { page: state.page - 1 }));
    next.href = pageSearch(Object.assign({}, state, { page: state.page + 1 }));
    pageLabel.textContent = format(text.page, { number: state.page, count: count });
  }

  function renderDownloads(state) {
    if (!filtered) return;
    var narrowed = Boolean(state.q || state.filters.length);
    filtered.hidden = !narrowed;
    var base = filterParams(state).toString();
    filtered.querySelectorAll("a[data-export]").forEach(function (link) {
      var query = [base, link.getAttribute("data-export")].filter(Boolean).join("&");
      link.href = config.api + "?" + query;
    });
  }

  function showError(message) {
    var node = section.querySelector("[data-preview-error]");
    if (!node) {
      node = document.createElement("p");
      node.className = "error";
      node.setAttribute("role", "alert");
      node.setAttribute("data-preview-error", "");
      statusNode.parentNode.insertBefore(node, statusNode);
    }
    node.textContent = message;
    node.hidden = !message;
  }

  function errorMessage(body) {
    var error = body && body.error;
    if (!error) return text.failed;
    return document.documentElement.lang === "en" ? error.message_en : error.message_ja;
  }

  function load(state, push) {
    var ticket = ++current;
    section.setAttribute("aria-busy", "true");
    statusNode.textContent = text.loading;
    return fetch(apiUrl(state), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (answer) {
        if (ticket !== current) return;  // a newer request has been made
        if (!answer.ok) {
          showError(errorMessage(answer.body));
          rowsNode.replaceChildren();
          statusNode.textContent = "";
          return;
        }
        var body = answer.body;
        var count = Math.max(1, Math.ceil(body.total / config.pageSize));
        if (state.page > count && body.total > 0) {  // past the end: the last page
          load(Object.assign({}, state, { page: count }), push);
          return;
        }
        showError("");
        renderRows(body);
        renderHeaders(state);
        renderPager(state, body.total);
        renderDownloads(state);
        var first = (state.page - 1) * config.pageSize + 1;
        statusNode.textContent = body.total
          ? format(text.rows, { first: first, last: first + body.records.length - 1, total: body.total })
          : text.noRows;
        if (push) {
          history.pushState({ preview: true }, "", pageSearch(state) + "#preview-title");
        }
      })
      .catch(function () {
        if (ticket === current) showError(text.failed);
      })
      .finally(function () {
        if (ticket === current) section.removeAttribute("aria-busy");
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var params = new URLSearchParams();
    data.forEach(function (value, key) {
      if (key !== "page") params.append(key, value);
    });
    var state = stateFrom(params.toString());
    state.sort = stateFrom(location.search).sort;
    load(state, true);
  });

  section.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-sort], [data-preview-pager] a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    load(stateFrom(new URL(link.href, location.href).search), true);
  });

  window.addEventListener("popstate", function () {
    load(stateFrom(location.search), false);
  });
})();
