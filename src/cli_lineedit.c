/* cli_lineedit.c - the line editor behind the redis-cli prompt.
 *
 * The terminal is put in raw mode for the time of one line.  After every
 * key the whole edited line is redrawn: the editor remembers how many rows
 * the previous drawing took and on which of them the cursor was left, goes
 * to the last of those rows, clears them bottom-up, then writes the prompt,
 * the text and the grey hint and puts the cursor back at its column.  A
 * line longer than the terminal simply wraps; redrawing everything keeps
 * the code short and is fast enough for human typing.
 *
 * History is a list of at most LE_HISTORY_MAX lines.  While a line is
 * edited the list has one more entry at its end, the line being typed, so
 * that Up and Down can move away from it and come back.
 *
 * TAB asks for completions and shows the first one in place of the text;
 * TAB again shows the next one (after the last one, the original text);
 * ESC goes back to the original; any other key keeps the shown completion
 * and is then handled as usual. */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli_lineedit.h"
#include "zmalloc.h"

#define LE_HISTORY_MAX 100

enum {
    KEY_CTRL_A = 1, KEY_CTRL_B = 2, KEY_CTRL_C = 3, KEY_CTRL_D = 4, KEY_CTRL_E = 5,
    KEY_CTRL_F = 6, KEY_CTRL_G = 7, KEY_CTRL_H = 8, KEY_TAB = 9, KEY_CTRL_K = 11,
    KEY_CTRL_L = 12, KEY_ENTER = 13, KEY_CTRL_N = 14, KEY_CTRL_P = 16,
    KEY_CTRL_R = 18, KEY_CTRL_T = 20, KEY_CTRL_U = 21, KEY_CTRL_W = 23,
    KEY_ESC = 27, KEY_BACKSPACE = 127
};

static leCompletionFn *completionFn = NULL;
static leHintFn *hintFn = NULL;
static sds *history = NULL;
static int history_len = 0;
static struct termios orig_termios;
static int raw_mode = 0;
static int atexit_registered = 0;

void leSetCompletion(leCompletionFn *fn) { completionFn = fn; }
void leSetHints(leHintFn *fn) { hintFn = fn; }

/* ---------------------------------------------------------------- terminal */

static void disableRaw(void) {
    if (raw_mode && tcsetattr(STDIN_FILENO, TCSADRAIN, &orig_termios) != -1) raw_mode = 0;
}

static int enableRaw(void) {
    if (!isatty(STDIN_FILENO)) return -1;
    if (!atexit_registered) {
        atexit(disableRaw);
        atexit_registered = 1;
    }
    if (tcgetattr(STDIN_FILENO, &orig_termios) == -1) return -1;
    struct termios raw = orig_termios;
    /* No break, CR to NL, parity, strip or flow control on input; no output
     * post-processing; 8 bit chars; no echo, canonical mode, extended input
     * or signal chars (Ctrl-C is read as a key). */
    raw.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    raw.c_oflag &= ~(tcflag_t)(OPOST);
    raw.c_cflag |= CS8;
    raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    /* TCSADRAIN, not TCSAFLUSH: keys typed ahead while a command ran are
     * kept for the next line. */
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0) return -1;
    raw_mode = 1;
    return 0;
}

static int terminalColumns(void) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_col == 0) return 80;
    return ws.ws_col;
}

static void writeAll(const char *p, size_t len) {
    while (len) {
        ssize_t n = write(STDOUT_FILENO, p, len);
        if (n <= 0) {
            if (n == -1 && errno == EINTR) continue;
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

static void beep(void) {
    fprintf(stderr, "\x7");
    fflush(stderr);
}

void leClearScreen(void) {
    writeAll("\x1b[H\x1b[2J", 7);
}

/* ------------------------------------------------------------ the editor */

typedef struct editState {
    sds buf;
    size_t pos;            /* cursor, byte offset in buf */
    const char *prompt;
    size_t plen;
    int cols;
    int oldrows;           /* rows used by the last drawing */
    int oldcrow;           /* row (1-based) the cursor was left on */
    int hist_index;        /* 0 = the line being typed, 1 = previous... */
    int show_hint;
} editState;

static void refreshLine(editState *l) {
    sds hint = NULL;
    if (l->show_hint && hintFn) hint = hintFn(l->buf);
    size_t len = sdslen(l->buf);
    size_t cols = (size_t)l->cols;
    /* The hint must fit on the row where the text ends, else none. */
    if (hint && l->plen + len < cols) {
        if (l->plen + len + sdslen(hint) > cols) sdsrange(hint, 0, (ssize_t)(cols - l->plen - len) - 1);
    } else if (hint) {
        sdsfree(hint);
        hint = NULL;
    }
    size_t hintlen = hint ? sdslen(hint) : 0;
    size_t total = l->plen + len + hintlen;

    sds ab = sdsempty();
    /* Go to the last row of the previous drawing and clear up to its first. */
    if (l->oldrows - l->oldcrow > 0) ab = sdscatprintf(ab, "\x1b[%dB", l->oldrows - l->oldcrow);
    for (int j = 0; j < l->oldrows - 1; j++) ab = sdscat(ab, "\r\x1b[0K\x1b[1A");
    ab = sdscat(ab, "\r\x1b[0K");

    ab = sdscat(ab, l->prompt);
    ab = sdscatlen(ab, l->buf, len);
    if (hint) {
        ab = sdscat(ab, "\x1b[0;90;49m");
        ab = sdscatsds(ab, hint);
        ab = sdscat(ab, "\x1b[0m");
        sdsfree(hint);
    }
    /* Text ending exactly at the right margin leaves the cursor pending
     * there: start the next row explicitly so the arithmetic below holds. */
    if (total > 0 && total % cols == 0) ab = sdscat(ab, "\n\r");
    int endrow = (int)(total / cols) + 1;

    size_t cpos = l->plen + l->pos;
    int crow = (int)(cpos / cols) + 1;
    int ccol = (int)(cpos % cols);
    if (endrow - crow > 0) ab = sdscatprintf(ab, "\x1b[%dA", endrow - crow);
    ab = sdscat(ab, "\r");
    if (ccol) ab = sdscatprintf(ab, "\x1b[%dC", ccol);
    l->oldrows = endrow;
    l->oldcrow = crow;
    writeAll(ab, sdslen(ab));
    sdsfree(ab);
}

static void setBuffer(editState *l, const char *s) {
    sdsclear(l->buf);
    l->buf = sdscat(l->buf, s);
    l->pos = sdslen(l->buf);
}

static void insertChar(editState *l, char c) {
    size_t len = sdslen(l->buf);
    l->buf = sdsMakeRoomFor(l->buf, 1);
    memmove(l->buf + l->pos + 1, l->buf + l->pos, len - l->pos);
    l->buf[l->pos] = c;
    sdssetlen(l->buf, len + 1);
    l->buf[len + 1] = '\0';
    l->pos++;
}

static void deleteRange(editState *l, size_t from, size_t to) {
    size_t len = sdslen(l->buf);
    if (to > len) to = len;
    if (from >= to) return;
    memmove(l->buf + from, l->buf + to, len - to);
    sdssetlen(l->buf, len - (to - from));
    l->buf[len - (to - from)] = '\0';
    if (l->pos > to) l->pos -= to - from;
    else if (l->pos > from) l->pos = from;
}

/* Up (dir 1) or Down (dir -1) in the history, keeping the edits made to
 * the entry we leave. */
static void historyMove(editState *l, int dir) {
    if (history_len <= 1) return;
    int idx = history_len - 1 - l->hist_index;
    sdsfree(history[idx]);
    history[idx] = sdsdup(l->buf);
    l->hist_index += dir;
    if (l->hist_index < 0) {
        l->hist_index = 0;
        return;
    }
    if (l->hist_index >= history_len) {
        l->hist_index = history_len - 1;
        return;
    }
    setBuffer(l, history[history_len - 1 - l->hist_index]);
}

static int readKey(void) {
    unsigned char c;
    while (1) {
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 1) return c;
        if (n == -1 && errno == EINTR) continue;
        return -1;
    }
}

/* Escape sequences of the arrow, home, end and delete keys. */
enum { KEY_LEFT = 1000, KEY_RIGHT, KEY_UP, KEY_DOWN, KEY_HOME, KEY_END, KEY_DELETE, KEY_NONE };

static int readEscape(void) {
    int a = readKey();
    if (a == -1) return KEY_NONE;
    int b = readKey();
    if (b == -1) return KEY_NONE;
    if (a == '[') {
        if (b >= '0' && b <= '9') {
            int c = readKey();
            if (c != '~') return KEY_NONE;
            if (b == '3') return KEY_DELETE;
            if (b == '1' || b == '7') return KEY_HOME;
            if (b == '4' || b == '8') return KEY_END;
            return KEY_NONE;
        }
        switch (b) {
        case 'A': return KEY_UP;
        case 'B': return KEY_DOWN;
        case 'C': return KEY_RIGHT;
        case 'D': return KEY_LEFT;
        case 'H': return KEY_HOME;
        case 'F': return KEY_END;
        }
    } else if (a == 'O') {
        if (b == 'H') return KEY_HOME;
        if (b == 'F') return KEY_END;
    }
    return KEY_NONE;
}

/* TAB: cycle through the completions.  Returns the key that ended the
 * cycle (to be handled by the caller), or 0 when it was consumed. */
static int completeLine(editState *l) {
    sds *cands = NULL;
    int n = 0;
    if (completionFn) completionFn(l->buf, &cands, &n);
    if (n == 0) {
        beep();
        zfree(cands);
        return 0;
    }
    sds orig = sdsdup(l->buf);
    size_t origpos = l->pos;
    int i = 0, key = 0;
    while (1) {
        if (i < n) setBuffer(l, cands[i]);
        else {
            setBuffer(l, orig);
            l->pos = origpos;
        }
        refreshLine(l);
        key = readKey();
        if (key == -1) break;
        if (key == KEY_TAB) {
            i = (i + 1) % (n + 1);
            if (i == n) beep();
            continue;
        }
        if (key == KEY_ESC) {
            setBuffer(l, orig);
            l->pos = origpos;
            refreshLine(l);
            key = 0;
        }
        break;
    }
    for (int j = 0; j < n; j++) sdsfree(cands[j]);
    zfree(cands);
    sdsfree(orig);
    return key;
}

/* Ctrl-R: incremental search back in the history.  Returns the key that
 * ended the search (Enter runs the found line). */
static int reverseSearch(editState *l) {
    sds query = sdsempty();
    int from = history_len - 2; /* skip the line being typed */
    int found = -1;
    const char *saved_prompt = l->prompt;
    size_t saved_plen = l->plen;
    int key = 0;
    sds prompt = sdsempty();
    while (1) {
        found = -1;
        for (int j = from; j >= 0 && sdslen(query); j--) {
            if (strstr(history[j], query)) {
                found = j;
                break;
            }
        }
        sdsclear(prompt);
        prompt = sdscatprintf(prompt, "(%sreverse-i-search)`%s': ",
                              (found == -1 && sdslen(query)) ? "failed " : "", query);
        l->prompt = prompt;
        l->plen = sdslen(prompt);
        if (found >= 0) setBuffer(l, history[found]);
        int hints = l->show_hint;
        l->show_hint = 0;
        refreshLine(l);
        l->show_hint = hints;
        key = readKey();
        if (key == KEY_CTRL_R) {
            if (found > 0) from = found - 1;
            continue;
        }
        if (key == KEY_BACKSPACE || key == KEY_CTRL_H) {
            if (sdslen(query)) sdsrange(query, 0, -2);
            from = history_len - 2;
            continue;
        }
        if (key >= 32 && key < 127) {
            char c = (char)key;
            query = sdscatlen(query, &c, 1);
            continue;
        }
        if (key == KEY_CTRL_G || key == KEY_CTRL_C) {
            setBuffer(l, "");
            key = 0;
        }
        break;
    }
    l->prompt = saved_prompt;
    l->plen = saved_plen;
    refreshLine(l);
    sdsfree(prompt);
    sdsfree(query);
    return key;
}

/* Edit one line in raw mode.  Returns 1 on Enter, 0 on EOF/Ctrl-C. */
static int editLine(editState *l) {
    leHistoryAdd("");
    /* leHistoryAdd skips duplicates of the last line: make sure the
     * scratch entry exists. */
    if (history_len == 0 || sdslen(history[history_len - 1]) != 0) {
        history = zrealloc(history, sizeof(sds) * (size_t)(history_len + 1));
        history[history_len++] = sdsempty();
    }
    refreshLine(l);
    int pending = 0;
    while (1) {
        int c = pending ? pending : readKey();
        pending = 0;
        if (c == -1) return 0;
        if (c == KEY_TAB && completionFn) {
            pending = completeLine(l);
            continue;
        }
        if (c == KEY_CTRL_R) {
            pending = reverseSearch(l);
            continue;
        }
        if (c == KEY_ESC) c = readEscape();
        switch (c) {
        case KEY_ENTER: case '\n':
            history_len--;
            sdsfree(history[history_len]);
            l->pos = sdslen(l->buf);
            l->show_hint = 0;
            refreshLine(l);
            return 1;
        case KEY_CTRL_C:
            history_len--;
            sdsfree(history[history_len]);
            errno = EAGAIN;
            return 0;
        case KEY_CTRL_D:
            if (sdslen(l->buf) == 0) {
                history_len--;
                sdsfree(history[history_len]);
                return 0;
            }
            deleteRange(l, l->pos, l->pos + 1);
            break;
        case KEY_DELETE:
            deleteRange(l, l->pos, l->pos + 1);
            break;
        case KEY_BACKSPACE: case KEY_CTRL_H:
            if (l->pos > 0) deleteRange(l, l->pos - 1, l->pos);
            break;
        case KEY_CTRL_T:
            if (l->pos > 0 && l->pos < sdslen(l->buf)) {
                char t = l->buf[l->pos - 1];
                l->buf[l->pos - 1] = l->buf[l->pos];
                l->buf[l->pos] = t;
                if (l->pos != sdslen(l->buf) - 1) l->pos++;
            }
            break;
        case KEY_CTRL_B: case KEY_LEFT:
            if (l->pos > 0) l->pos--;
            break;
        case KEY_CTRL_F: case KEY_RIGHT:
            if (l->pos < sdslen(l->buf)) l->pos++;
            break;
        case KEY_CTRL_P: case KEY_UP:
            historyMove(l, 1);
            break;
        case KEY_CTRL_N: case KEY_DOWN:
            historyMove(l, -1);
            break;
        case KEY_CTRL_A: case KEY_HOME:
            l->pos = 0;
            break;
        case KEY_CTRL_E: case KEY_END:
            l->pos = sdslen(l->buf);
            break;
        case KEY_CTRL_U:
            deleteRange(l, 0, l->pos);
            break;
        case KEY_CTRL_K:
            deleteRange(l, l->pos, sdslen(l->buf));
            break;
        case KEY_CTRL_W: {
            size_t p = l->pos;
            while (p > 0 && l->buf[p - 1] == ' ') p--;
            while (p > 0 && l->buf[p - 1] != ' ') p--;
            deleteRange(l, p, l->pos);
            break;
        }
        case KEY_CTRL_L:
            leClearScreen();
            l->oldrows = 0;
            l->oldcrow = 0;
            break;
        case KEY_NONE:
            continue;
        default:
            if (c >= 32 && c < 1000) insertChar(l, (char)c);
            else continue;
        }
        refreshLine(l);
    }
}

/* stdin is not a terminal: read a line as it is, without echo or prompt. */
static sds readPlainLine(void) {
    sds line = sdsempty();
    int c, got = 0;
    while ((c = fgetc(stdin)) != EOF) {
        got = 1;
        if (c == '\n') break;
        char ch = (char)c;
        line = sdscatlen(line, &ch, 1);
    }
    if (!got) {
        sdsfree(line);
        return NULL;
    }
    size_t len = sdslen(line);
    if (len && line[len - 1] == '\r') sdsrange(line, 0, -2);
    return line;
}

static int unsupportedTerm(void) {
    const char *term = getenv("TERM");
    return term && (!strcasecmp(term, "dumb") || !strcasecmp(term, "cons25") ||
                    !strcasecmp(term, "emacs"));
}

sds leReadLine(const char *prompt) {
    if (!isatty(STDIN_FILENO)) return readPlainLine();
    if (unsupportedTerm()) {
        printf("%s", prompt);
        fflush(stdout);
        return readPlainLine();
    }
    if (enableRaw() == -1) return readPlainLine();
    editState l;
    memset(&l, 0, sizeof(l));
    l.buf = sdsempty();
    l.prompt = prompt;
    l.plen = strlen(prompt);
    l.cols = terminalColumns();
    l.show_hint = 1;
    int ok = editLine(&l);
    disableRaw();
    printf("\n");
    fflush(stdout);
    if (!ok) {
        sdsfree(l.buf);
        return NULL;
    }
    return l.buf;
}

sds leReadMasked(const char *prompt) {
    if (!isatty(STDIN_FILENO) || enableRaw() == -1) return readPlainLine();
    writeAll(prompt, strlen(prompt));
    sds pw = sdsempty();
    while (1) {
        int c = readKey();
        if (c == -1 || c == KEY_ENTER || c == '\n') break;
        if (c == KEY_CTRL_C) {
            sdsclear(pw);
            break;
        }
        if (c == KEY_BACKSPACE || c == KEY_CTRL_H) {
            if (sdslen(pw)) {
                sdsrange(pw, 0, -2);
                writeAll("\b \b", 3);
            }
            continue;
        }
        char ch = (char)c;
        pw = sdscatlen(pw, &ch, 1);
        writeAll("*", 1);
    }
    disableRaw();
    printf("\n");
    return pw;
}

/* ---------------------------------------------------------------- history */

void leHistoryAdd(const char *line) {
    if (history_len && !strcmp(history[history_len - 1], line)) return;
    if (history_len == LE_HISTORY_MAX) {
        sdsfree(history[0]);
        memmove(history, history + 1, sizeof(sds) * (LE_HISTORY_MAX - 1));
        history_len--;
    }
    history = zrealloc(history, sizeof(sds) * (size_t)(history_len + 1));
    history[history_len++] = sdsnew(line);
}

int leHistoryLoad(const char *path) {
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    char buf[4096];
    while (fgets(buf, sizeof(buf), fp)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        leHistoryAdd(buf);
    }
    fclose(fp);
    return 0;
}

int leHistorySave(const char *path) {
    mode_t old = umask(S_IXUSR | S_IRWXG | S_IRWXO);
    FILE *fp = fopen(path, "w");
    umask(old);
    if (!fp) return -1;
    chmod(path, S_IRUSR | S_IWUSR);
    for (int j = 0; j < history_len; j++) fprintf(fp, "%s\n", history[j]);
    fclose(fp);
    return 0;
}
