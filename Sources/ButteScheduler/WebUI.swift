// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The web UI: one static page whose script talks to the REST API (no build step, no external assets).
enum WebUI {
    /// The page served at `/`.
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Butte scheduler</title>
        <style>
        body { font-family: sans-serif; margin: 0; background: #f4f5f7; color: #222; }
        header { background: #243447; color: #fff; padding: 10px 20px; display: flex; justify-content: space-between; align-items: center; }
        header h1 { font-size: 18px; margin: 0; }
        main { padding: 16px 20px; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e1e4e8; font-size: 14px; vertical-align: top; }
        th { background: #eef1f4; }
        button { cursor: pointer; margin: 1px; }
        .status { font-weight: bold; }
        .status-Running { color: #1a7f37; } .status-Deploying { color: #9a6700; } .status-Suspended { color: #57606a; }
        .status-Waiting { color: #0969da; } .status-Delayed { color: #cf222e; }
        dialog { width: 720px; max-height: 90vh; overflow: auto; }
        fieldset { margin: 8px 0; border: 1px solid #d0d7de; }
        legend { font-weight: bold; }
        label { display: inline-block; margin: 3px 8px 3px 0; font-size: 13px; }
        input[type=text], input[type=number], select { padding: 3px; }
        .row { margin: 2px 0; }
        #errors { color: #cf222e; white-space: pre-wrap; }
        .tasks td { font-size: 12px; color: #444; }
        </style>
        </head>
        <body>
        <header><h1>Butte scheduler</h1><div><span id="leader"></span> <button id="create-button" onclick="openCreate()">Create Application</button></div></header>
        <main>
        <table id="apps">
        <thead><tr><th>ID</th><th>CPUs</th><th>Memory (MiB)</th><th>Status</th><th>Running instances</th><th>Actions</th></tr></thead>
        <tbody id="app-rows"></tbody>
        </table>
        </main>
        <dialog id="create-dialog">
        <form id="create-form" onsubmit="return submitApp(event)">
        <h2>New Application</h2>
        <fieldset id="section-general"><legend>General</legend>
        <label>ID <input type="text" name="id" id="app-id" required></label>
        <label>CPUs <input type="number" name="cpus" step="0.01" value="0.1"></label>
        <label>Memory (MiB) <input type="number" name="mem" value="32"></label>
        <label>Disk (MiB) <input type="number" name="disk" value="0"></label>
        <label>Instances <input type="number" name="instances" value="1"></label>
        <div class="row"><label>Command <input type="text" name="cmd" size="70"></label></div>
        </fieldset>
        <fieldset id="section-docker"><legend>Docker container</legend>
        <label>Image <input type="text" name="image" id="docker-image" size="40"></label>
        <label>Network <select name="network"><option value="HOST">Host</option><option value="BRIDGE">Bridged</option><option value="USER">User</option></select></label>
        <label><input type="checkbox" name="forcePullImage"> Force pull image</label>
        <label><input type="checkbox" name="privileged"> Extend runtime privileges</label>
        <div id="port-mappings"><b>Port mappings</b> <button type="button" onclick="addRow('port-mappings')">Add</button></div>
        <div id="parameters"><b>Parameters</b> <button type="button" onclick="addRow('parameters')">Add</button></div>
        <div id="volumes"><b>Volumes</b> <button type="button" onclick="addRow('volumes')">Add</button></div>
        </fieldset>
        <fieldset id="section-env"><legend>Environment variables</legend>
        <div id="env"><button type="button" onclick="addRow('env')">Add</button></div>
        </fieldset>
        <fieldset id="section-labels"><legend>Labels</legend>
        <div id="labels"><button type="button" onclick="addRow('labels')">Add</button></div>
        </fieldset>
        <fieldset id="section-health"><legend>Health checks</legend>
        <div id="health-checks"><button type="button" onclick="addRow('health-checks')">Add</button></div>
        </fieldset>
        <fieldset id="section-optional"><legend>Optional settings</legend>
        <label>URIs (comma-separated) <input type="text" name="uris" size="50"></label>
        <label>Constraints (field:OP[:value], comma-separated) <input type="text" name="constraints" size="50"></label>
        <label>User <input type="text" name="user"></label>
        </fieldset>
        <div id="errors"></div>
        <button type="submit" id="submit-app">Create Application</button> <button type="button" onclick="closeCreate()">Cancel</button>
        </form>
        </dialog>
        <script>
        const templates = {
          'port-mappings': '<input type="number" data-k="containerPort" placeholder="container port"> <input type="number" data-k="hostPort" placeholder="host port" value="0"> <input type="number" data-k="servicePort" placeholder="service port" value="0"> <select data-k="protocol"><option>tcp</option><option>udp</option></select>',
          'parameters': '<input type="text" data-k="key" placeholder="key"> <input type="text" data-k="value" placeholder="value">',
          'volumes': '<input type="text" data-k="containerPath" placeholder="container path"> <input type="text" data-k="hostPath" placeholder="host path"> <select data-k="mode"><option>RW</option><option>RO</option></select>',
          'env': '<input type="text" data-k="key" placeholder="key"> <input type="text" data-k="value" placeholder="value">',
          'labels': '<input type="text" data-k="key" placeholder="key"> <input type="text" data-k="value" placeholder="value">',
          'health-checks': '<select data-k="protocol"><option>HTTP</option><option>TCP</option><option>COMMAND</option></select> <input type="text" data-k="path" placeholder="path" value="/"> <input type="text" data-k="command" placeholder="command"> grace <input type="number" data-k="gracePeriodSeconds" value="300" style="width:5em"> interval <input type="number" data-k="intervalSeconds" value="60" style="width:5em"> timeout <input type="number" data-k="timeoutSeconds" value="20" style="width:5em"> max failures <input type="number" data-k="maxConsecutiveFailures" value="3" style="width:4em"> port index <input type="number" data-k="portIndex" value="0" style="width:4em"> <label><input type="checkbox" data-k="ignoreHttp1xx"> ignore 1xx</label>'
        };
        function addRow(kind) {
          const div = document.createElement('div');
          div.className = 'row ' + kind + '-row';
          div.innerHTML = templates[kind] + ' <button type="button" onclick="this.parentNode.remove()">Remove</button>';
          document.getElementById(kind).appendChild(div);
        }
        function rows(kind) {
          return Array.from(document.querySelectorAll('.' + kind + '-row')).map(row => {
            const item = {};
            row.querySelectorAll('[data-k]').forEach(input => { item[input.dataset.k] = input.type === 'checkbox' ? input.checked : input.value; });
            return item;
          });
        }
        async function api(method, path, body) {
          const response = await fetch(path, { method: method, headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
          const text = await response.text();
          let data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
          return { status: response.status, data: data };
        }
        function openCreate() { document.getElementById('errors').textContent = ''; document.getElementById('create-dialog').showModal(); }
        function closeCreate() { document.getElementById('create-dialog').close(); }
        function buildApp(form) {
          const app = { id: form.id.value, cpus: parseFloat(form.cpus.value), mem: parseFloat(form.mem.value), disk: parseFloat(form.disk.value), instances: parseInt(form.instances.value, 10) };
          if (form.cmd.value) app.cmd = form.cmd.value;
          if (form.user.value) app.user = form.user.value;
          if (form.image.value) {
            app.container = { type: 'DOCKER', docker: { image: form.image.value, forcePullImage: form.forcePullImage.checked, privileged: form.privileged.checked,
              parameters: rows('parameters').filter(p => p.key) }, volumes: rows('volumes').filter(v => v.containerPath) };
            const network = form.network.value;
            app.networks = [{ mode: network === 'HOST' ? 'host' : network === 'BRIDGE' ? 'container/bridge' : 'container' }];
            if (network === 'USER') app.networks[0].name = 'default';
            const mappings = rows('port-mappings').filter(m => m.containerPort !== '').map(m => ({ containerPort: parseInt(m.containerPort, 10), hostPort: parseInt(m.hostPort || '0', 10), servicePort: parseInt(m.servicePort || '0', 10), protocol: m.protocol }));
            if (network !== 'HOST') app.container.portMappings = mappings;
          }
          const env = {}; rows('env').filter(e => e.key).forEach(e => { env[e.key] = e.value; }); app.env = env;
          const labels = {}; rows('labels').filter(e => e.key).forEach(e => { labels[e.key] = e.value; }); app.labels = labels;
          app.healthChecks = rows('health-checks').map(h => {
            const check = { protocol: h.protocol, gracePeriodSeconds: parseInt(h.gracePeriodSeconds, 10), intervalSeconds: parseInt(h.intervalSeconds, 10), timeoutSeconds: parseInt(h.timeoutSeconds, 10), maxConsecutiveFailures: parseInt(h.maxConsecutiveFailures, 10) };
            if (h.protocol === 'COMMAND') check.command = { value: h.command }; else { check.portIndex = parseInt(h.portIndex, 10); }
            if (h.protocol === 'HTTP') { check.path = h.path; check.ignoreHttp1xx = h.ignoreHttp1xx; }
            return check;
          });
          if (form.uris.value) app.uris = form.uris.value.split(',').map(s => s.trim()).filter(s => s);
          if (form.constraints.value) app.constraints = form.constraints.value.split(',').map(s => s.trim().split(':'));
          return app;
        }
        async function submitApp(event) {
          event.preventDefault();
          const form = document.getElementById('create-form');
          const result = await api('POST', '/v2/apps', buildApp(form));
          if (result.status === 201) { closeCreate(); form.reset(); refresh(); return false; }
          const data = result.data || {};
          let text = (data.message || ('HTTP ' + result.status));
          if (Array.isArray(data.details)) { data.details.forEach(d => { text += '\n' + d.path + ': ' + (d.errors || []).join(', '); }); }
          else if (typeof data.details === 'string') { text += '\n' + data.details; }
          document.getElementById('errors').textContent = text;
          return false;
        }
        function statusOf(app, queue) {
          if (app.deployments && app.deployments.length > 0) return 'Deploying';
          const item = queue.find(q => q.app.id === app.id);
          if (item) return item.delay && item.delay.overdue === false ? 'Delayed' : 'Waiting';
          if (app.instances === 0 && app.tasksRunning === 0) return 'Suspended';
          return 'Running';
        }
        function collectApps(group, out) { (group.apps || []).forEach(a => out.push(a)); (group.groups || []).forEach(g => collectApps(g, out)); return out; }
        function esc(s) { return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }
        const expanded = new Set();
        async function refresh() {
          const [groups, queue, info] = await Promise.all([
            api('GET', '/v2/groups?embed=group.groups&embed=group.apps&embed=group.apps.deployments&embed=group.apps.counts&embed=group.apps.tasks'),
            api('GET', '/v2/queue'), api('GET', '/v2/info')]);
          if (info.data && info.data.leader) document.getElementById('leader').textContent = 'leader ' + info.data.leader;
          const apps = collectApps(groups.data || {}, []);
          const items = (queue.data && queue.data.queue) || [];
          const body = document.getElementById('app-rows');
          body.innerHTML = '';
          apps.forEach(app => {
            const status = statusOf(app, items);
            const tr = document.createElement('tr');
            tr.className = 'app-row';
            tr.dataset.id = app.id;
            tr.innerHTML = '<td><a href="#" class="app-link">' + esc(app.id) + '</a></td><td>' + app.cpus + '</td><td>' + app.mem + '</td>' +
              '<td class="status status-' + status + '">' + status + '</td><td>' + app.tasksRunning + ' of ' + app.instances + '</td>' +
              '<td><button class="scale">Scale</button><button class="restart">Restart</button><button class="suspend">Suspend</button><button class="destroy">Destroy</button></td>';
            tr.querySelector('.app-link').onclick = e => { e.preventDefault(); if (expanded.has(app.id)) expanded.delete(app.id); else expanded.add(app.id); refresh(); };
            tr.querySelector('.scale').onclick = async () => { const n = prompt('Scale ' + app.id + ' to how many instances?', app.instances); if (n !== null) { await act('PUT', '/v2/apps' + app.id, { instances: parseInt(n, 10) }); } };
            tr.querySelector('.restart').onclick = () => act('POST', '/v2/apps' + app.id + '/restart', { force: false });
            tr.querySelector('.suspend').onclick = () => act('PUT', '/v2/apps' + app.id, { instances: 0 });
            tr.querySelector('.destroy').onclick = () => { if (confirm('Destroy ' + app.id + '?')) act('DELETE', '/v2/apps' + app.id); };
            body.appendChild(tr);
            if (expanded.has(app.id)) {
              const tasksRow = document.createElement('tr');
              tasksRow.className = 'tasks';
              const tasks = app.tasks || [];
              tasksRow.innerHTML = '<td colspan="6"><table><tr><th>Task</th><th>Host</th><th>Ports</th><th>State</th><th>Started</th></tr>' +
                tasks.map(t => '<tr><td>' + esc(t.id) + '</td><td>' + esc(t.host) + '</td><td>' + esc((t.ports || []).join(',')) + '</td><td>' + esc(t.state) + '</td><td>' + esc(t.startedAt || '') + '</td></tr>').join('') + '</table></td>';
              body.appendChild(tasksRow);
            }
          });
        }
        async function act(method, path, body) {
          const result = await api(method, path, body);
          if (result.status >= 400) alert((result.data && result.data.message) || ('HTTP ' + result.status));
          refresh();
        }
        refresh();
        setInterval(refresh, 3000);
        </script>
        </body>
        </html>
        """#
}
