from common import *

def reset_hold_steps(p, hold_var='${hold}'):
    k = PROFILES[p]['reset']
    if k == 'power':
        return ['- power: off', '- hold: program', '- wait: 200ms', '- power: on',
                f'- wait: {hold_var}', '- release: program']
    if k == 'fourled':
        return ['- power: off', '- hold: program', '- hold: lock', '- wait: 200ms', '- power: on',
                f'- wait: {hold_var}', '- release: lock', '- release: program']
    return ['- power: off', '- wait: 200ms', '- power: on', '- wait: 1.5s   # booted, idle (handing learned)',
            '- hold: program', f'- wait: {hold_var}', '- release: program']

def reset_done(p):
    k = PROFILES[p]['reset']
    if k == 'fourled':
        return ['- expect: {leds: [green, green, amber, amber], beep: long, within: 7.5s}   # RANDOM 5.0s, then RESET_OK',
                '- expect: {leds: [off, off, off, off], within: 3s}']
    return ['- expect: {beep: long, within: 1.4s}   # RESET_OK within 300 ms of the release',
            '- expect: {beeps: 2, led: {color: green, blinks: 2}, within: 10s}   # the automatic handing cycle: HANDING_OK',
            OFF]

for p in ALL:
    pr = PROFILES[p]; T = pr['hold']
    low, high = fmt_s(T - 5), fmt_s(T + 5)
    mn, mx = fmt_s(T - 0.06), fmt_s(T + 0.06)
    how = {'power': 'Program held from power-on (LB-RESET-1, -2)',
           'fourled': 'Program + Lock held from power-on (LB-RESET-8)',
           'generic': 'Program held while powered (LB-RESET-10)'}[pr['reset']]
    reqs = {'power': ['LB-RESET-1', 'LB-RESET-2', 'LB-RESET-3', 'LB-RESET-6'],
            'fourled': ['LB-RESET-8'], 'generic': ['LB-RESET-10', 'LB-RESET-6']}[pr['reset']]
    steps = ['- threshold:', '    var: hold', f'    low: {low}', f'    high: {high}', '    resolution: 10ms',
             f'    min: {mn}', f'    max: {mx}', '    steps:']
    for s in reset_hold_steps(p) + reset_done(p):
        steps.append('      ' + s)
    write(f'reset/reset_hold_threshold_{p}.yaml', f'the factory-reset hold threshold is reset_hold {fmt_s(T)} ({p})',
          reqs, p, ['reset', 'timing', 'threshold'], steps,
          setup=['- call: factory_reset'],
          header=f"""Reset-timing verification (issue 6 item 5). {how}.
Each trial holds for ${{hold}} and judges by RESET_OK: a hold below the
threshold abandons the reset (no long beep within the window, normal
operation); one above performs it, and the trial waits for the end of the
confirmation and of the handing cycle that follows, so that every trial
starts from the same state. min/max: reset_hold +/- 50 ms, plus one
resolution step.""")

# ---- power-up hold profiles: arming, abandon, bounce, late Program, full reset
for p in [q for q in ALL if PROFILES[q]['reset'] == 'power']:
    steps = flat(
      '- log: "LB-RESET-3: released at 29.9s: abandoned, store unchanged"',
      '- power: off', '- hold: program', '- wait: 200ms', '- power: on', '- wait: 29.9s', '- release: program',
      '- expect_not: {beep: long, for: 5s}',
      unlock(), lock(),
      '- log: "LB-RESET-3: re-closing Program does not restart the timing"',
      '- power: off', '- hold: program', '- wait: 200ms', '- power: on', '- wait: 5s', '- release: program',
      '- wait: 100ms', '- hold: program', '- wait: 31s', '- release: program',
      '- expect_not: {beep: long, for: 5s}',
      '- wait: 11s   # the session the late close opened times out',
      unlock(), lock(),
      '- log: "LB-RESET-4: Program closed after power-on never resets; its session times out"',
      '- power: off', '- wait: 200ms', '- power: on', '- wait: 2s', '- hold: program',
      '- expect: {led: amber, within: 500ms}   # SESSION',
      '- expect_not: {beep: long, for: 40s}', '- release: program',
      '- expect_not: {beep: long, for: 3s}',
      '- expect: {led: off, within: 1s}',
      unlock(), lock(),
      '- log: "LB-RESET-3: an opening < 20 ms (bounce) does not abandon"',
      '- power: off', '- hold: program', '- wait: 200ms', '- power: on', '- wait: 10s', '- release: program',
      '- wait: 10ms', '- hold: program', '- wait: 19.99s',
      '- expect: {led: red, within: 1s}   # RESET_ARMED at 30.0s from power-on',
      '- release: program', '- expect: {beep: long, within: 1.4s}',
      handing_ok('10s'),
      '- log: "LB-RESET-1, -2: armed at 30.0s (red steady, no beep), reset on release"',

      '- power: off', '- hold: program', '- wait: 200ms', '- power: on',
      '- wait: 29.9s', '- expect_not: {led: red, for: 50ms}   # not armed before 30.0s - 50ms',
      '- expect: {led: red, within: 250ms}   # RESET_ARMED by 30.05s (+ camera frame)',
      '- expect_not: {beeps: ">=1", for: 1s}   # armed silently', '- expect: {led: red}',
      '- release: program',
      '- measure: {name: reset_ok_long_beep, until: {beep: long}, within: 2s, max: 1.35s}   # starts within 300 ms of the release',
      '- log: "LB-RESET-6: the automatic handing cycle follows RESET_OK"',
      '- expect: {bolt: extended, within: 4s}',
      handing_ok('6s'),
    )
    if p in ('halo', 'contemporary275'):
        pass
    write(f'reset/reset_power_hold_{p}.yaml', f'power-up Program hold: arming at reset_hold, abandon, bounce, late Program ({p})',
          ['LB-RESET-1', 'LB-RESET-2', 'LB-RESET-3', 'LB-RESET-4', 'LB-RESET-6'], p, ['reset'], steps,
          setup=ready(p), vars=VARS(p))

# ---- reset erases everything (LB-RESET-5), default master after reset (LB-MASTER-1)
for p in ALL:
    pr = PROFILES[p]
    setup = flat(ready(p))
    if p != 'legacy2code':
        setup += add(p, '${user2}')
    else:
        setup += ['- press: [program, program]', '- enter: "${user2}"', '- press: lock', ACC, OFF]
    if pr['auto']:
        setup += auth(p) + ['- press: ["3", lock]', ACC + '   # auto-lock on', OFF]
    steps = flat('- call: factory_reset')
    if p == 'fourled':
        steps += ['- enter: "${user}"', '- press: lock', REJ + '   # erased (refused as an entry, not as HANDING_REQUIRED)', OFF,
                  '- enter: "1234"', '- expect: {beeps: 2, led: {color: amber, blinks: 2}, within: 1s}   # factory code 1234 matches; handing not learned (LB-RESET-6, LB-HANDING-1)',
                  OFF, '- expect_not: {bolt: moving, for: 2s}',
                  '- call: door_handing', '  with: {master: ""}',
                  unlock('1234')]
    else:
        steps += rejected_code('${user}') + rejected_code('${user2}')
    if p in ('smartcode', 'powerbolt250', 'fourled'):
        steps += ['- log: "no master after reset: P C L stores a user code (LB-MASTER-1)"',
                  '- press: program', '- enter: "7777"', '- press: lock', ACC, OFF, unlock('7777'), lock(),
                  '- log: "the former master is not a master: P M L stores it as a user code"',
                  '- press: program', '- enter: "${master}"', '- press: lock', ACC, OFF]
    elif p in ('halo', 'generic'):
        steps += ['- log: "no master after reset: the first code programmed becomes the master (LB-MASTER-1, -4)"',
                  '- press: program', '- enter: "7777"', '- press: lock', ACC, OFF,
                  '- press: program', '- enter: "${master}"', '- press: lock', REJ + '   # the former master is a wrong master', OFF]
    elif p == 'contemporary275':
        steps += ['- log: "the master is 0000 again (LB-MASTER-1)"',
                  '- press: program', '- enter: "${master}"', '- press: lock', REJ + '   # the former master is wrong', OFF,
                  '- press: program', '- enter: "0000"', '- press: lock', ACC, '- press: program', '- enter: "7777"', '- press: lock', ACC, OFF,
                  unlock('7777'), lock()]
    else:
        steps += ['- log: "no code stored: Lock gives REJECT (LB-LOCK-5)"', '- press: lock', REJ, '- expect_not: {bolt: moving, for: 2s}', OFF,
                  '- press: program', '- enter: "7777"', '- press: lock', ACC, OFF, unlock('7777'), lock()]
    reqs = ['LB-RESET-5', 'LB-MASTER-1'] if p != 'legacy2code' else ['LB-RESET-5']
    if pr['auto']:
        steps += ['- log: "auto-lock is back to its default, off (LB-AUTOLOCK-1)"']
        code = '7777' if p not in ('halo', 'generic') else None
        if code:
            steps += ['- press: lock', '- expect: {bolt: extended, within: 2s}', '- wait: 1s'] if False else []
            steps += ['- enter: "7777"', '- expect: {beeps: 1, bolt: retracted, within: 2s}', '- expect_not: {bolt: moving, for: 35s}']
        else:
            steps += ['- press: lock', '- expect: {beeps: 1, bolt: extended, within: 2s}', '- expect_not: {bolt: moving, for: 35s}']
        reqs.append('LB-AUTOLOCK-1')
    if p == 'fourled': reqs += ['LB-USER-8', 'LB-RESET-6', 'LB-HANDING-1']
    write(f'reset/reset_erases_{p}.yaml', f'a factory reset erases codes, master, handing and auto-lock ({p})',
          reqs, p, ['reset', 'store'], steps, setup=setup, vars=VARS(p))

# ---- low battery refuses a reset (LB-RESET-7, LB-BATTERY-5)
for p in ALL:
    pr = PROFILES[p]; T = pr['hold']
    k = pr['reset']
    steps = ['- sim: {battery_volts: 4.5}   # below v_reset_min 4.6 V, above v_crit']
    if k == 'power':
        steps += ['- power: off', '- hold: program', '- wait: 200ms', '- power: on']
    elif k == 'fourled':
        steps += ['- power: off', '- hold: program', '- hold: lock', '- wait: 200ms', '- power: on']
    else:
        steps += ['- power: off', '- hold: program', '- wait: 200ms', '- power: on']
    steps += ['- expect: {beeps: 4, led: {color: red, blinks: 3}, within: 3s}   # BOOT, then LOW_BATTERY (LB-POWER-4)',
              f'- wait: {fmt_s(T - 3)}',
              '- expect: {beeps: 3, led: {color: red, blinks: 3}, within: 4s}   # LOW_BATTERY at the arming instant, instead of arming',
              '- wait: 600ms',
              ('- expect_not: {leds: random, for: 2s}' if k == 'fourled' else '- expect_not: {led: red, for: 2s}   # no RESET_ARMED'),
              ]
    if k == 'fourled':
        steps += ['- release: lock', '- release: program', '- expect_not: {beep: long, for: 8s}']
    else:
        steps += ['- release: program', '- expect_not: {beep: long, for: 4s}']
    steps += ['- sim: {battery_volts: 6.4}', '- wait: 11s'] + unlock()
    if k != 'fourled':
        steps += lock() + ['- log: "armed at a good voltage, then the battery sags before the release: not performed"',
                  '- power: off', '- hold: program', '- wait: 200ms', '- power: on'] + \
                 ([f'- wait: {fmt_s(T + 0.3)}'] if k == 'power' else [f'- wait: {fmt_s(T + 0.3)}']) + \
                 ['- expect: {led: red}   # RESET_ARMED', '- sim: {battery_volts: 4.5}', '- release: program',
                  '- expect: {beeps: 3, led: {color: red, blinks: ">=2"}, within: 2s}   # LOW_BATTERY instead of RESET_OK (its first red joins RESET_ARMED red on camera)',
                  '- expect_not: {beep: long, for: 4s}', '- sim: {battery_volts: 6.4}', '- wait: 11s'] + unlock()
    steps += ['- log: "at 4.7 V (>= v_reset_min) the reset works"', '- sim: {battery_volts: 4.7}']
    if k == 'fourled':
        steps += ['- power: off', '- hold: program', '- hold: lock', '- wait: 200ms', '- power: on', f'- wait: {fmt_s(T + 0.5)}',
                  '- release: lock', '- release: program', '- expect: {leds: [green, green, amber, amber], beep: long, within: 7s}']
    else:
        steps += ['- power: off', '- hold: program', '- wait: 200ms', '- power: on', f'- wait: {fmt_s(T + 0.5)}', '- release: program',
                  '- expect: {beep: long, within: 1.4s}']
    write(f'reset/reset_low_battery_{p}.yaml', f'below v_reset_min a reset is neither armed nor performed ({p})',
          ['LB-RESET-7', 'LB-BATTERY-5', 'LB-POWER-4'], p, ['reset', 'battery'], steps, setup=ready(p), vars=VARS(p), requires=['sim'])

# ---- exterior keys never reset (LB-RESET-12)
for p in ALL:
    seqs = ['0000', '00000000', '1234567890', '99999', '0', '7777', '13579', '24680', '00']
    steps = ['- sweep:', '    var: seq', f'    values: [{", ".join(chr(34)+s+chr(34) for s in seqs)}]', '    steps:',
             '      - enter: ${seq}', '      - press: lock', '      - expect_not: {beep: long, for: 6s}']
    steps += ['- log: "Lock held from power-on, longer than any reset_hold"', '- power: off', '- hold: lock', '- wait: 200ms', '- power: on',
              '- expect_not: {beep: long, for: 35s}', '- release: lock', '- expect_not: {beep: long, for: 8s}',
              '- power: off', '- wait: 200ms', '- power: on', '- wait: 1.5s'] + unlock()
    write(f'reset/reset_exterior_keys_never_reset_{p}.yaml', f'no exterior key sequence resets the lock ({p})',
          ['LB-RESET-12'], p, ['reset', 'keypad'], steps, setup=ready(p), vars=VARS(p))
