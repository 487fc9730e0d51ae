#!/usr/bin/python3
# check-i18n.py: translations: every user-visible string marked, po/ complete,
# both programs speaking Simplified Chinese
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-i18n.py strings    static checks of the sources and po/
#   check-i18n.py programs   the built programs under LANGUAGE=zh_CN
#
# TAP on stdout. TCPCHAT_TESTS_SRCDIR points at tests/; TCPCHAT_SERVER and
# TCPCHAT_CLIENT at the built programs.

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

TESTS_DIR = os.environ.get('TCPCHAT_TESTS_SRCDIR',
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
SOURCE_ROOT = os.path.normpath(os.path.join(TESTS_DIR, '..'))
PO_DIR = os.path.join(SOURCE_ROOT, 'po')
ALLOWLIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'untranslated.txt')

# What meson's i18n "glib" preset gives xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
]

# Calls whose string arguments a person reads: the index (0-based) of the
# argument, and whether the arguments after it (a format's values, more
# labels) are read too.
UI_CALLS = {
    # Errors: GLib, GIO
    'g_set_error': (3, True), 'g_set_error_literal': (3, False), 'g_error_new': (2, True),
    'g_error_new_literal': (2, False), 'g_task_return_new_error': (3, True),
    'g_prefix_error': (1, True),
    # GTK widgets
    'gtk_label_new': (0, False), 'gtk_label_new_with_mnemonic': (0, False),
    'gtk_label_set_text': (1, False), 'gtk_label_set_label': (1, False),
    'gtk_label_set_markup': (1, False), 'gtk_label_set_text_with_mnemonic': (1, False),
    'gtk_button_new_with_label': (0, False), 'gtk_button_new_with_mnemonic': (0, False),
    'gtk_button_set_label': (1, False), 'gtk_check_button_new_with_label': (0, False),
    'gtk_check_button_new_with_mnemonic': (0, False), 'gtk_check_button_set_label': (1, False),
    'gtk_menu_button_set_label': (1, False), 'gtk_window_set_title': (1, False),
    'gtk_widget_set_tooltip_text': (1, False), 'gtk_widget_set_tooltip_markup': (1, False),
    'gtk_entry_set_placeholder_text': (1, False), 'gtk_text_set_placeholder_text': (1, False),
    'gtk_frame_new': (0, False), 'gtk_frame_set_label': (1, False),
    'gtk_expander_new': (0, False), 'gtk_file_chooser_native_new': (0, True),
    'gtk_file_filter_set_name': (1, False), 'gtk_file_chooser_add_choice': (2, True),
    'gtk_message_dialog_new': (4, True), 'gtk_message_dialog_format_secondary_text': (1, True),
    'gtk_message_dialog_format_secondary_markup': (1, True),
    'gtk_dialog_add_button': (1, False), 'gtk_dialog_add_buttons': (1, True),
    'gtk_accessible_update_property': (1, True), 'gtk_shortcut_label_new': (0, False),
    'gtk_about_dialog_set_comments': (1, False), 'gtk_about_dialog_set_program_name': (1, False),
    'gtk_about_dialog_set_translator_credits': (1, False),
    'gtk_about_dialog_set_copyright': (1, False), 'gtk_show_about_dialog': (1, True),
    # Menus, notifications, command line
    'g_menu_append': (1, False), 'g_menu_prepend': (1, False), 'g_menu_insert': (2, False),
    'g_menu_item_new': (0, False), 'g_menu_append_section': (1, False),
    'g_menu_append_submenu': (1, False), 'g_menu_item_set_label': (1, False),
    'g_notification_new': (0, False), 'g_notification_set_title': (1, False),
    'g_notification_set_body': (1, False), 'g_notification_add_button': (1, False),
    'g_application_add_main_option': (5, True),
    'g_application_set_option_context_summary': (1, False),
    'g_application_set_option_context_parameter_string': (1, False),
    'g_application_set_option_context_description': (1, False),
    'g_option_context_new': (0, False), 'g_option_context_set_summary': (1, False),
    'g_option_context_set_description': (1, False),
    # tcpchat's own widgets and helpers
    'tc_log_model_append_event': (2, True), 'tc_log_model_append_error': (2, True),
    'tc_status_bar_set_message': (1, True), 'tc_status_bar_set_segment': (2, True),
    'tc_status_bar_add_segment': (2, False), 'tc_send_box_set_disabled_reason': (1, False),
    'tc_status_bar_set_segment_tooltip': (2, False), 'status_message': (1, True),
    'print_error': (0, True), 'report': (3, True), 'report_event': (1, True),
    'report_error': (1, True), 'tc_send_box_set_sendable': (2, False),
    'tc_client_row_set_texts': (1, True), 'tc_headless_print_error': (1, True),
}

# Formatting calls: only a literal of two or more words is taken for text.
FORMAT_CALLS = {
    'g_strdup_printf': (0, True), 'g_string_append_printf': (1, True),
    'g_string_printf': (1, True), 'g_printerr': (0, True), 'g_print': (0, True),
    'g_string_append': (1, False), 'g_strdup': (0, False),
}

MARKERS = ('_', 'N_', 'C_', 'NC_', 'Q_', 'gettext', 'ngettext', 'dgettext', 'dngettext',
           'g_dgettext', 'g_dngettext', 'g_dpgettext2', 'g_dcgettext')

UI_PROPERTIES = {'label', 'title', 'tooltip-text', 'tooltip-markup', 'placeholder-text',
                 'text', 'subtitle', 'description', 'secondary-text', 'comments',
                 'program-name', 'heading', 'body', 'message', 'detail'}

STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
WORD_RE = re.compile(r'[A-Za-z]{2,}')
WORDS_RE = re.compile(r'[A-Za-z]{2,}[ ,:;!?()]+[A-Za-z]{2,}')
# Conversions, escapes, option names and the programs' names are no words.
NOT_WORDS_RE = re.compile(r'%[-+ #0-9.*$]*[a-zA-Z]+|\\[nrt]|--[\w-]+|tcpchat-(server|client)')
HAN_RE = re.compile(r'[\u4e00-\u9fff]')


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, name, details=()):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f'{"ok" if ok else "not ok"} {self.n} - {name}')
        # Long details only where they explain a failure.
        for line in (details if not ok or len(details) <= 3 else []):
            print(f'# {line}')
        sys.stdout.flush()

    def skip(self, name, reason):
        self.n += 1
        print(f'ok {self.n} - {name} # SKIP {reason}')
        sys.stdout.flush()

    def diag(self, line):
        print(f'# {line}')

    def finish(self):
        print(f'1..{self.n}')
        return 1 if self.failed else 0


def rel(path):
    return os.path.relpath(path, SOURCE_ROOT)


def sources(folder, suffix):
    found = []
    for root, _dirs, files in os.walk(os.path.join(SOURCE_ROOT, folder)):
        found += [os.path.join(root, f) for f in files if f.endswith(suffix)]
    return sorted(found)


def potfiles():
    with open(os.path.join(PO_DIR, 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith('#')]


def load_allowlist():
    """Lines "path: literal" (the literal as written in C, with its quotes)."""
    allowed = set()
    with open(ALLOWLIST, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            path, _, literal = line.partition(': ')
            allowed.add((path.strip(), literal.strip()))
    return allowed


# C scanning

def strip_comments(text):
    """Blanks comments and character constants, keeping strings and line numbers."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end]))
            i = end
        elif text.startswith('//', i):
            end = text.find('\n', i)
            end = n if end < 0 else end
            out.append(' ' * (end - i))
            i = end
        elif c == '"':
            m = STRING_RE.match(text, i)
            end = m.end() if m else i + 1
            out.append(text[i:end])
            i = end
        elif c == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(text, i)
            end = m.end() if m else i + 1
            out.append(' ' * (end - i))
            i = end
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def call_arguments(text, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren."""
    depth, i, start, args = 0, open_paren, open_paren + 1, []
    while i < len(text):
        c = text[i]
        if c == '"':
            i = STRING_RE.match(text, i).end()
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append((start, text[start:i]))
                return args
        elif c == ',' and depth == 1:
            args.append((start, text[start:i]))
            start = i + 1
        i += 1
    return args


def unmarked_literals(arg):
    """String literals in arg outside _(), N_(), ngettext() and the like."""
    marker_re = re.compile(r'\b(' + '|'.join(re.escape(m) for m in MARKERS) + r')\s*\(')
    blanked = list(arg)
    for m in marker_re.finditer(arg):
        inner = call_arguments(arg, m.end() - 1)
        if inner:
            end = inner[-1][0] + len(inner[-1][1]) + 1
            for k in range(m.start(), min(end, len(arg))):
                blanked[k] = ' '
    text = ''.join(blanked)
    # Adjacent literals are one string in C.
    literals = []
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', text):
        literals.append((m.start(), re.sub(r'"\s+"', '', m.group(0).strip())))
    return literals


def check_c_file(path, allowed):
    problems = []
    with open(path, encoding='utf-8') as f:
        text = strip_comments(f.read())
    calls = dict(UI_CALLS)
    calls.update(FORMAT_CALLS)
    call_re = re.compile(r'\b(' + '|'.join(sorted(calls, key=len, reverse=True)) + r')\s*\(')
    for m in call_re.finditer(text):
        name = m.group(1)
        # At the start of a line: a definition or declaration, not a call.
        if m.start() == 0 or text[m.start() - 1] == '\n':
            continue
        args = call_arguments(text, m.end() - 1)
        first, rest = calls[name]
        for index, (offset, arg) in enumerate(args):
            if index < first or (index > first and not rest):
                continue
            for literal_offset, literal in unmarked_literals(arg):
                pattern = WORDS_RE if name in FORMAT_CALLS else WORD_RE
                body = literal[1:-1]
                if not pattern.search(NOT_WORDS_RE.sub(' ', body)):
                    continue
                if (rel(path), literal) in allowed:
                    continue
                line = text.count('\n', 0, offset + literal_offset) + 1
                problems.append(f'{rel(path)}:{line}: {name}: unmarked {literal}')
    problems += check_option_entries(path, text, allowed)
    return problems


def check_option_entries(path, text, allowed):
    """GOptionEntry descriptions and argument names, which --help prints."""
    problems = []
    entry_re = re.compile(r'\{\s*"[\w-]+"\s*,\s*[^,]+,\s*[^,]+,\s*G_OPTION_ARG_\w+\s*,\s*[^,]+,'
                          r'(?P<rest>[^}]*)\}')
    for m in entry_re.finditer(text):
        for literal_offset, literal in unmarked_literals(m.group('rest')):
            if (rel(path), literal) in allowed or not WORD_RE.search(literal):
                continue
            line = text.count('\n', 0, m.start('rest') + literal_offset) + 1
            problems.append(f'{rel(path)}:{line}: GOptionEntry: unmarked {literal}')
    return problems


def check_ui_file(path, allowed):
    problems = []
    tree = ElementTree.parse(path)
    for element in tree.iter():
        if element.tag not in ('property', 'attribute', 'item', 'col'):
            continue
        if element.tag in ('property', 'attribute') and element.get('name') not in UI_PROPERTIES:
            continue
        text = (element.text or '').strip()
        if not WORD_RE.search(text) or element.get('translatable') == 'yes':
            continue
        if (rel(path), text) in allowed:
            continue
        problems.append(f'{rel(path)}: <{element.tag} name="{element.get("name")}">{text}'
                        f' has no translatable="yes"')
    return problems


def xgettext_messages(path):
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'one.pot')
        subprocess.run(['xgettext', *XGETTEXT_ARGS, '--force-po', '-o', pot, path],
                       check=True, capture_output=True)
        with open(pot, encoding='utf-8') as f:
            return len(re.findall(r'^msgid "(?!")|^msgid ""\n"', f.read(), re.M))


def msgfmt_statistics(po):
    result = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                            capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    counts = {kind: 0 for kind in ('translated', 'fuzzy', 'untranslated')}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', output):
        counts[kind] = int(number)
    return result.returncode, output, counts


def run_strings(tap):
    allowed = load_allowlist()
    listed = potfiles()

    problems = []
    for path in sources('src', '.c'):
        problems += check_c_file(path, allowed)
    tap.result(not problems, 'every user-visible string in src/ is marked for translation',
               problems)

    problems = []
    for path in sources('data/ui', '.ui'):
        problems += check_ui_file(path, allowed)
    tap.result(not problems, 'every text property in data/ui is translatable="yes"', problems)

    missing = [p for p in listed if not os.path.exists(os.path.join(SOURCE_ROOT, p))]
    tap.result(not missing, 'every file in po/POTFILES.in exists', missing)

    unlisted = []
    candidates = (sources('src', '.c') + sources('data/ui', '.ui') +
                  sources('data/desktop', '.in') + sources('data/desktop', '.gschema.xml'))
    for path in candidates:
        if rel(path) not in listed and xgettext_messages(path) > 0:
            unlisted.append(f'{rel(path)} has translatable strings: add it to po/POTFILES.in')
    tap.result(not unlisted, 'every file with translatable strings is in po/POTFILES.in',
               unlisted)

    with open(os.path.join(PO_DIR, 'LINGUAS'), encoding='utf-8') as f:
        linguas = f.read().split()
    tap.result('zh_CN' in linguas, 'po/LINGUAS lists zh_CN', linguas)

    po = os.path.join(PO_DIR, 'zh_CN.po')
    status, output, counts = msgfmt_statistics(po)
    tap.result(status == 0 and counts['translated'] > 0 and counts['fuzzy'] == 0 and
               counts['untranslated'] == 0,
               'po/zh_CN.po passes msgfmt --check with nothing fuzzy or untranslated', [output])

    with open(po, encoding='utf-8') as f:
        header = f.read(4000)
    tap.result('Plural-Forms: nplurals=1; plural=0;' in header,
               'po/zh_CN.po has the plural forms of Chinese')

    # Against the sources as they are now, not the last tcpchat-update-po.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'tcpchat.pot')
        merged = os.path.join(tmp, 'zh_CN.po')
        subprocess.run(['xgettext', *XGETTEXT_ARGS, '--package-name=tcpchat', '-D', SOURCE_ROOT,
                        '-f', os.path.join(PO_DIR, 'POTFILES.in'), '-o', pot],
                       check=True, capture_output=True)
        subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot],
                       check=True, capture_output=True)
        status, output, counts = msgfmt_statistics(merged)
        untranslated = []
        if counts['untranslated'] or counts['fuzzy']:
            result = subprocess.run(['msgattrib', '--untranslated', '--no-wrap', merged],
                                    capture_output=True, text=True)
            untranslated = [line for line in result.stdout.splitlines()
                            if line.startswith('msgid "') and line != 'msgid ""']
            untranslated.append('run "meson compile -C BUILDDIR tcpchat-update-po" and '
                                'translate the new strings in po/zh_CN.po')
        tap.result(status == 0 and not counts['untranslated'] and not counts['fuzzy'],
                   'po/zh_CN.po translates every string the sources mark now',
                   [output] + untranslated)


# The built programs

def chinese_env():
    env = dict(os.environ)
    for name in ('LC_ALL', 'LC_MESSAGES', 'LC_CTYPE'):
        env.pop(name, None)
    # gettext ignores LANGUAGE in the "C" locale, not in C.UTF-8.
    env['LANG'] = 'C.UTF-8'
    env['LANGUAGE'] = 'zh_CN'
    env.pop('DISPLAY', None)
    env.pop('WAYLAND_DISPLAY', None)
    return env


def english_env():
    env = chinese_env()
    env.pop('LANGUAGE')
    return env


def run(argv, env, stdin=subprocess.DEVNULL):
    return subprocess.run(argv, env=env, stdin=stdin, capture_output=True, text=True,
                          timeout=30)


def check_fonts(tap):
    """Without a font for Chinese the windows show boxes: worth saying."""
    try:
        result = subprocess.run(['fc-list', ':lang=zh-cn', 'family'], capture_output=True,
                                text=True, timeout=30)
        families = sorted(set(result.stdout.split('\n')) - {''})
    except OSError:
        families = []
    if families:
        tap.result(True, 'a font for Simplified Chinese is installed', families[:3])
    else:
        tap.skip('a font for Simplified Chinese is installed',
                 'no font covers zh-cn: install fonts-noto-cjk to see the windows in Chinese')


def run_programs(tap):
    server = os.environ['TCPCHAT_SERVER']
    client = os.environ['TCPCHAT_CLIENT']

    cases = ((server, ['--headless'], ['监听', '转发', '客户端']),
             (client, ['--headless'], ['连接', '服务器', '秒数']),
             (server, [], ['监听', '窗口', '版本']),
             (client, [], ['连接', '窗口', '版本']))
    for program, mode, words in cases:
        name = os.path.basename(program)
        command = ' '.join([name] + mode + ['--help'])
        zh = run([program, *mode, '--help'], chinese_env())
        en = run([program, *mode, '--help'], english_env())
        missing = [w for w in words if w not in zh.stdout]
        # Every option's description is translated: no English line is left.
        english_lines = [line for line in zh.stdout.splitlines()
                         if line.strip() and line in en.stdout.splitlines()
                         and WORDS_RE.search(line)
                         and not line.strip().startswith(name)]
        tap.result(zh.returncode == 0 and not missing and not english_lines and
                   HAN_RE.search(zh.stdout) is not None,
                   f'{command} speaks Chinese under LANGUAGE=zh_CN',
                   ([f'missing {w}' for w in missing] +
                    [f'untranslated: {line}' for line in english_lines] +
                    zh.stdout.splitlines()))
        tap.result(en.returncode == 0 and HAN_RE.search(en.stdout) is None,
                   f'{command} stays English without LANGUAGE')

    bad = run([client, '--headless', '--connect', '127.0.0.1:70000'], chinese_env())
    tap.result(bad.returncode == 2 and '超出范围' in bad.stderr and
               bad.stderr.startswith('tcpchat-client: '),
               'an argument error from the library is in Chinese, after the program name',
               [bad.stderr.strip()])

    bad = run([server, '--headless', '--max-clients', 'lots'], chinese_env())
    tap.result(bad.returncode == 2 and '整数' in bad.stderr,
               'a usage error of the headless server is in Chinese', [bad.stderr.strip()])

    # The headless server's stdout is for scripts: the event format stays as it is.
    process = subprocess.Popen([server, '--headless', '--listen', '127.0.0.1:0'],
                               env=chinese_env(), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               encoding='utf-8')
    lines, errors = [], ''
    try:
        lines.append(process.stdout.readline().rstrip('\n'))
        listening = re.match(r'^\d\d:\d\d:\d\d\.\d{3} listening on 127\.0\.0\.1:(\d+)$',
                             lines[0])
        if listening:
            with socket.create_connection(('127.0.0.1', int(listening.group(1))),
                                          timeout=30) as peer:
                peer.sendall('你好\n'.encode())
                while not lines[-1].endswith('] < 你好'):
                    line = process.stdout.readline()
                    if not line:
                        break
                    lines.append(line.rstrip('\n'))
        # Once a client's line is shown the main loop runs: SIGTERM is handled.
        process.send_signal(signal.SIGTERM)
        rest, errors = process.communicate(timeout=30)
        lines += rest.splitlines()
    except (OSError, subprocess.TimeoutExpired) as e:
        process.kill()
        process.wait()
        errors = str(e)
    expected = [r'listening on 127\.0\.0\.1:\d+', r'\[127\.0\.0\.1:\d+\] connected',
                r'\[127\.0\.0\.1:\d+\] < 你好', r'stopped']
    missing = [pattern for pattern in expected
               if not any(re.fullmatch(r'\d\d:\d\d:\d\d\.\d{3} ' + pattern, line)
                          for line in lines)]
    tap.result(not missing and process.returncode == 0,
               'the headless server event format is not translated',
               [f'missing: {pattern}' for pattern in missing] + lines + [errors.strip()])

    check_fonts(tap)


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else 'strings'
    tap = Tap()
    if what == 'strings':
        run_strings(tap)
    elif what == 'programs':
        run_programs(tap)
    else:
        sys.exit(f'usage: {sys.argv[0]} strings|programs')
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
