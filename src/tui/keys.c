/* keys.c - the action table, key names, the key map with user bindings
 * from $XDG_CONFIG_HOME/certtrack/config, and the man page's KEYS section
 * generated from the same table. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "tui/tui_int.h"
#include "tui/tui.h"

#include "certtrack/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct action_info tui_actions[ACT__COUNT] = {
	[ACT_NONE] = {"none", SCOPE_GENERIC, "", "", ""},
#define ACTION(id, name, scope, keys, label, help) [ACT_##id] = {name, scope, keys, label, help},
#include "tui/actions.def"
#undef ACTION
};

static const struct {
	const char *name;
	const char *title;
} scopes[SCOPE__COUNT] = {
#define SCOPE_INFO(id, name, title) {name, title},
	TUI_SCOPES(SCOPE_INFO)
#undef SCOPE_INFO
};

const char *scope_name(enum scope s)
{
	return scopes[s].name;
}

const char *scope_title(enum scope s)
{
	return scopes[s].title;
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{"Enter", '\n'},
	{"Space", ' '},
	{"Tab", '\t'},
	{"Esc", TUI_KEY_ESC},
	{"S-Tab", TUI_KEYCODE | KEY_BTAB},
	{"BTab", TUI_KEYCODE | KEY_BTAB},
	{"Up", TUI_KEYCODE | KEY_UP},
	{"Down", TUI_KEYCODE | KEY_DOWN},
	{"Left", TUI_KEYCODE | KEY_LEFT},
	{"Right", TUI_KEYCODE | KEY_RIGHT},
	{"Home", TUI_KEYCODE | KEY_HOME},
	{"End", TUI_KEYCODE | KEY_END},
	{"PgUp", TUI_KEYCODE | KEY_PPAGE},
	{"PgDn", TUI_KEYCODE | KEY_NPAGE},
	{"Del", TUI_KEYCODE | KEY_DC},
	{"Ins", TUI_KEYCODE | KEY_IC},
	{"Backspace", TUI_KEYCODE | KEY_BACKSPACE},
};

int key_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (strcmp(name, key_names[i].name) == 0)
			return key_names[i].key;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		char c = name[2];
		if (c >= 'a' && c <= 'z')
			return TUI_CTRL(c);
		if (c >= '@' && c <= '_')
			return TUI_CTRL(c);
		return -1;
	}
	if (name[0] == 'F' && name[1]) {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (!*end && n >= 1 && n <= 12)
			return TUI_KEYCODE | KEY_F((int)n);
	}
	/* One character, possibly multibyte. */
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	wchar_t wc;
	size_t len = strlen(name);
	size_t n = mbrtowc(&wc, name, len, &ps);
	if (n == len && n > 0 && wc > ' ')
		return (int)wc;
	return -1;
}

const char *key_name(int key)
{
	static char buf[16];
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	if (key & TUI_KEYCODE) {
		int k = key & ~TUI_KEYCODE;
		if (k >= KEY_F(1) && k <= KEY_F(12)) {
			snprintf(buf, sizeof(buf), "F%d", k - KEY_F(0));
			return buf;
		}
		snprintf(buf, sizeof(buf), "#%d", k);
		return buf;
	}
	if (key < ' ') {
		snprintf(buf, sizeof(buf), "C-%c", key + 'a' - 1);
		return buf;
	}
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	size_t n = wcrtomb(buf, (wchar_t)key, &ps);
	if (n == (size_t)-1)
		n = 0;
	buf[n] = '\0';
	return buf;
}

struct binding {
	enum scope scope;
	int key;
	enum action action;
};
static struct binding *bindings;
static size_t n_bindings, cap_bindings;

static void binding_add(enum scope s, int key, enum action a, bool front)
{
	if (n_bindings == cap_bindings) {
		cap_bindings = cap_bindings ? cap_bindings * 2 : 64;
		bindings = xreallocarray(bindings, cap_bindings, sizeof(*bindings));
	}
	if (front) {
		memmove(bindings + 1, bindings, n_bindings * sizeof(*bindings));
		bindings[0] = (struct binding){s, key, a};
	} else {
		bindings[n_bindings] = (struct binding){s, key, a};
	}
	n_bindings++;
}

void keymap_init(void)
{
	keymap_free();
	for (int a = 1; a < ACT__COUNT; a++) {
		char keys[64];
		snprintf(keys, sizeof(keys), "%s", tui_actions[a].keys);
		for (char *tok = strtok(keys, " "); tok; tok = strtok(NULL, " ")) {
			int k = key_parse(tok);
			if (k >= 0)
				binding_add(tui_actions[a].scope, k, (enum action)a, false);
		}
	}
}

void keymap_free(void)
{
	x_free(&bindings);
	n_bindings = cap_bindings = 0;
}

void keymap_bind(enum scope s, int key, enum action a)
{
	binding_add(s, key, a, true);
}

enum action keymap_lookup(enum scope s, int key)
{
	for (size_t i = 0; i < n_bindings; i++)
		if (bindings[i].scope == s && bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

void keymap_keys(enum action a, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n_bindings; i++) {
		if (bindings[i].action != a)
			continue;
		/* A later rebinding of the same key in the scope hides this one. */
		if (keymap_lookup(bindings[i].scope, bindings[i].key) != a)
			continue;
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			if (bindings[k].action == a && bindings[k].key == bindings[i].key)
				dup = true;
		if (dup)
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
				 key_name(bindings[i].key));
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

static int scope_parse(const char *s)
{
	for (int i = 0; i < SCOPE__COUNT; i++)
		if (strcmp(scopes[i].name, s) == 0)
			return i;
	return -1;
}

static int action_parse(const char *s)
{
	for (int a = 1; a < ACT__COUNT; a++)
		if (strcmp(tui_actions[a].name, s) == 0)
			return a;
	return -1;
}

/* One line: "bind SCOPE KEY ACTION", "unbind SCOPE KEY", "set mouse on",
 * "set template ID". */
static const char *config_line(char *line, bool *mouse, char *why, size_t size)
{
	char *words[5];
	int n = 0;
	for (char *tok = strtok(line, " \t\r\n"); tok && n < 5; tok = strtok(NULL, " \t\r\n"))
		words[n++] = tok;
	if (n == 0 || words[0][0] == '#')
		return NULL;
	if (strcmp(words[0], "bind") == 0 || strcmp(words[0], "unbind") == 0) {
		bool bind = words[0][0] == 'b';
		if (n != (bind ? 4 : 3))
			return bind ? _("expected: bind SCOPE KEY ACTION")
				    : _("expected: unbind SCOPE KEY");
		int s = scope_parse(words[1]);
		if (s < 0) {
			snprintf(why, size, _("unknown scope \"%s\" (see the help screen, ?)"),
				 words[1]);
			return why;
		}
		int k = key_parse(words[2]);
		if (k < 0) {
			snprintf(why, size, _("unknown key \"%s\""), words[2]);
			return why;
		}
		int a = ACT_NONE;
		if (bind && (a = action_parse(words[3])) < 0) {
			snprintf(why, size, _("unknown action \"%s\" (see the help screen, ?)"),
				 words[3]);
			return why;
		}
		keymap_bind((enum scope)s, k, (enum action)a);
		return NULL;
	}
	if (strcmp(words[0], "set") == 0) {
		if (n == 3 && strcmp(words[1], "mouse") == 0) {
			if (strcmp(words[2], "on") == 0 || strcmp(words[2], "yes") == 0)
				*mouse = true;
			else if (strcmp(words[2], "off") == 0 || strcmp(words[2], "no") == 0)
				*mouse = false;
			else
				return _("mouse is on or off");
			return NULL;
		}
		/* The default template: read by the core (session.c). */
		if (n == 3 && strcmp(words[1], "template") == 0)
			return NULL;
		return _("expected: set mouse on|off, or set template ID");
	}
	snprintf(why, size, _("unknown command \"%s\"; use bind, unbind or set"), words[0]);
	return why;
}

void config_load(struct strlist *errs, bool *mouse)
{
	char *path = user_config_path();
	if (!path)
		return;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno != ENOENT)
			strlist_add_owned(errs, xasprintf("%s: %s", path, strerror(errno)));
		free(path);
		return;
	}
	char line[1024];
	int lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char why[256];
		const char *bad = config_line(line, mouse, why, sizeof(why));
		if (bad)
			strlist_add_owned(errs, xasprintf("%s:%d: %s", path, lineno, bad));
	}
	fclose(f);
	free(path);
}

/* Roff escapes for a key or a help sentence. */
static void roff_put(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void tui_dump_keys_roff(FILE *out)
{
	keymap_init();
	fputs(".\\\" Generated by 'certtrack --dump-keys' from src/tui/actions.def.\n", out);
	fputs(".SH KEYS\n", out);
	/* The texts go through gettext: run in another language, this gives
	 * the KEYS section of that language's man page (Makefile.am). */
	fputs(_("Keys of the interactive interface, by screen. Each can be rebound in\n"
		".I $XDG_CONFIG_HOME/certtrack/config\n"
		"with a line\n"
		".B bind\n"
		".I SCOPE KEY ACTION\n"
		"(for example\n"
		".BR \"bind projects N new\\-project\" );\n"
		".B set mouse on\n"
		"turns the mouse on.\n"), out);
	for (int s = 0; s < SCOPE__COUNT; s++) {
		fprintf(out, ".SS %s (scope ", _(scopes[s].title));
		roff_put(out, scopes[s].name);
		fputs(")\n", out);
		for (int a = 1; a < ACT__COUNT; a++) {
			if ((int)tui_actions[a].scope != s)
				continue;
			char keys[128];
			keymap_keys((enum action)a, keys, sizeof(keys));
			fputs(".TP\n.B ", out);
			roff_put(out, keys);
			fputs("\n", out);
			roff_put(out, _(tui_actions[a].help));
			fputs(" (", out);
			roff_put(out, tui_actions[a].name);
			fputs(").\n", out);
		}
	}
	fputs(".\\\" End of the generated keys.\n", out);
	keymap_free();
}

/* After an Esc: a sequence the terminal description does not know (End as
 * ESC [ 4 ~ inside tmux with TERM=xterm-256color) arrives as Esc and then
 * its bytes. Known ones become their key, others are dropped whole, so
 * that none of their bytes is ever typed into text. A lone Esc stays Esc. */
int key_after_esc(void)
{
	wint_t wc;
	timeout(0);
	int r = get_wch(&wc);
	if (r == ERR)
		return TUI_KEY_ESC;
	if (r == KEY_CODE_YES || (wc != '[' && wc != 'O'))
		return TUI_KEY_IGNORE; /* Alt+key, or Esc then a key at once */
	bool ss3 = wc == 'O';
	char seq[16];
	size_t n = 0;
	for (;;) {
		timeout(10);
		r = get_wch(&wc);
		if (r == ERR || r == KEY_CODE_YES)
			return TUI_KEY_IGNORE;
		if (n + 1 < sizeof(seq))
			seq[n++] = (char)wc;
		/* Parameters and intermediates until a final byte. */
		if (wc >= 0x40 && wc <= 0x7e)
			break;
		if (wc < 0x20 || wc > 0x3f)
			return TUI_KEY_IGNORE;
	}
	seq[n] = '\0';
	static const struct {
		const char *seq;
		int key;
	} known[] = {
	    {"1~", KEY_HOME}, {"7~", KEY_HOME}, {"H", KEY_HOME},   {"4~", KEY_END},
	    {"8~", KEY_END},  {"F", KEY_END},   {"3~", KEY_DC},    {"2~", KEY_IC},
	    {"5~", KEY_PPAGE}, {"6~", KEY_NPAGE}, {"A", KEY_UP},   {"B", KEY_DOWN},
	    {"C", KEY_RIGHT}, {"D", KEY_LEFT},  {"Z", KEY_BTAB},
	};
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(seq, known[i].seq) == 0 && (!ss3 || !strchr(seq, '~')))
			return TUI_KEYCODE | known[i].key;
	return TUI_KEY_IGNORE;
}
