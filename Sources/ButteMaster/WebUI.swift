// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The master's web UI: one HTML page and one script, served from memory, reading `/master/state`.
///
/// No build step: plain HTML, CSS and JavaScript. Task rows link to the task's sandbox on its agent through the
/// agent's `/files/browse` endpoint and the virtual path `/frameworks/<framework>/executors/<executor>/runs/latest`
/// (the executor id of a command task is its task id).
enum WebUI {
    static let html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Butte master</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { background: #3b4a5a; color: #fff; padding: 0.6em 1.2em; display: flex; gap: 2em; align-items: baseline; }
        header h1 { font-size: 1.2em; margin: 0; }
        main { padding: 1em 1.2em; }
        section { margin-bottom: 1.6em; }
        h2 { font-size: 1.05em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9em; background: #fff; }
        th, td { text-align: left; padding: 0.25em 0.6em; border-bottom: 1px solid #eee; }
        th { background: #f0f0f0; }
        .cards { display: flex; gap: 1em; flex-wrap: wrap; }
        .card { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 1em; min-width: 12em; }
        .card .value { font-size: 1.4em; }
        .bar { height: 6px; background: #e5e5e5; border-radius: 3px; margin-top: 0.3em; }
        .bar div { height: 6px; background: #4a8; border-radius: 3px; }
        .state-TASK_RUNNING { color: #287a3e; } .state-TASK_FAILED, .state-TASK_ERROR, .state-TASK_LOST { color: #b22; }
        #error { color: #b22; }
        </style>
        </head>
        <body>
        <header><h1>Butte master</h1><span id="leader"></span><span id="version"></span><span id="error"></span></header>
        <main>
        <section><h2>Cluster resources</h2><div class="cards" id="resources"></div></section>
        <section><h2>Agents</h2><table id="agents"><thead><tr><th>ID</th><th>Host</th><th>CPUs</th><th>Mem (MB)</th><th>Disk (MB)</th><th>Active</th></tr></thead><tbody></tbody></table></section>
        <section><h2>Frameworks</h2><table id="frameworks"><thead><tr><th>ID</th><th>Name</th><th>User</th><th>Roles</th><th>Connected</th><th>Tasks</th><th>CPUs</th><th>Mem (MB)</th></tr></thead><tbody></tbody></table></section>
        <section><h2>Tasks</h2><table id="tasks"><thead><tr><th>ID</th><th>Name</th><th>State</th><th>Framework</th><th>Agent</th><th>CPUs</th><th>Mem (MB)</th><th>Sandbox</th></tr></thead><tbody></tbody></table></section>
        <section><h2>Completed tasks</h2><table id="completed"><thead><tr><th>ID</th><th>Name</th><th>State</th><th>Framework</th><th>Agent</th><th>CPUs</th><th>Mem (MB)</th><th>Sandbox</th></tr></thead><tbody></tbody></table></section>
        </main>
        <script src="/webui/app.js"></script>
        </body>
        </html>
        """

    static let script = """
        'use strict';
        function text(value) {
          return String(value === undefined || value === null ? '' : value)
            .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
        }
        function number(value) { return (Math.round((value || 0) * 100) / 100).toString(); }
        function fill(id, rows) {
          document.querySelector('#' + id + ' tbody').innerHTML = rows.join('') ||
            '<tr><td colspan="8">none</td></tr>';
        }
        function sandbox(task, agents) {
          var agent = agents[task.slave_id];
          if (!agent) { return ''; }
          var executor = task.executor_id || task.id;
          var path = '/frameworks/' + task.framework_id + '/executors/' + executor + '/runs/latest';
          var url = 'http://' + agent.hostname + ':' + agent.port + '/files/browse?path=' + encodeURIComponent(path);
          return '<a href="' + text(url) + '">sandbox</a>';
        }
        function taskRow(task, frameworks, agents) {
          var framework = frameworks[task.framework_id];
          var agent = agents[task.slave_id];
          return '<tr><td>' + text(task.id) + '</td><td>' + text(task.name) + '</td><td class="state-' + text(task.state) + '">' +
            text(task.state) + '</td><td>' + text(framework ? framework.name : task.framework_id) + '</td><td>' +
            text(agent ? agent.hostname : task.slave_id) + '</td><td>' + number(task.resources.cpus) + '</td><td>' +
            number(task.resources.mem) + '</td><td>' + sandbox(task, agents) + '</td></tr>';
        }
        function card(name, used, total) {
          var percent = total > 0 ? Math.min(100, used / total * 100) : 0;
          return '<div class="card"><div>' + text(name) + '</div><div class="value">' + number(used) + ' / ' + number(total) +
            '</div><div class="bar"><div style="width:' + percent.toFixed(1) + '%"></div></div></div>';
        }
        function render(state) {
          document.getElementById('leader').textContent = 'leader ' + state.leader;
          document.getElementById('version').textContent = 'version ' + state.version;
          var agents = {}, frameworks = {}, total = {cpus: 0, mem: 0, disk: 0}, used = {cpus: 0, mem: 0, disk: 0};
          state.slaves.forEach(function (agent) {
            agents[agent.id] = agent;
            ['cpus', 'mem', 'disk'].forEach(function (name) {
              total[name] += agent.resources[name] || 0;
              used[name] += agent.used_resources[name] || 0;
            });
          });
          state.frameworks.concat(state.completed_frameworks).forEach(function (framework) { frameworks[framework.id] = framework; });
          document.getElementById('resources').innerHTML = card('CPUs', used.cpus, total.cpus) + card('Memory (MB)', used.mem, total.mem) +
            card('Disk (MB)', used.disk, total.disk) + card('Agents', state.activated_slaves, state.slaves.length) +
            card('Frameworks', state.frameworks.filter(function (f) { return f.connected; }).length, state.frameworks.length);
          fill('agents', state.slaves.map(function (agent) {
            return '<tr><td>' + text(agent.id) + '</td><td>' + text(agent.hostname) + ':' + text(agent.port) + '</td><td>' +
              number(agent.used_resources.cpus) + ' / ' + number(agent.resources.cpus) + '</td><td>' +
              number(agent.used_resources.mem) + ' / ' + number(agent.resources.mem) + '</td><td>' +
              number(agent.used_resources.disk) + ' / ' + number(agent.resources.disk) + '</td><td>' + (agent.active ? 'yes' : 'no') + '</td></tr>';
          }));
          fill('frameworks', state.frameworks.map(function (framework) {
            return '<tr><td>' + text(framework.id) + '</td><td>' + text(framework.name) + '</td><td>' + text(framework.user) + '</td><td>' +
              text((framework.roles || []).join(', ')) + '</td><td>' + (framework.connected ? 'yes' : 'no') + '</td><td>' +
              framework.tasks.length + '</td><td>' + number(framework.used_resources.cpus) + '</td><td>' + number(framework.used_resources.mem) + '</td></tr>';
          }));
          var live = [], completed = [];
          state.frameworks.concat(state.completed_frameworks).forEach(function (framework) {
            framework.tasks.forEach(function (task) { live.push(taskRow(task, frameworks, agents)); });
            framework.completed_tasks.forEach(function (task) { completed.push(taskRow(task, frameworks, agents)); });
          });
          fill('tasks', live);
          fill('completed', completed.slice(0, 200));
        }
        function refresh() {
          fetch('/master/state').then(function (response) {
            if (!response.ok) { throw new Error('state: HTTP ' + response.status); }
            return response.json();
          }).then(function (state) {
            document.getElementById('error').textContent = '';
            render(state);
          }).catch(function (error) {
            document.getElementById('error').textContent = String(error);
          });
        }
        refresh();
        setInterval(refresh, 2000);
        """
}
