package cec.cobrowse.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls the client's interceptors, in order, once per attempt. One that throws is logged (WARNING,
 * scrubbed) and ignored: the headers it added are dropped, and the call goes on as if it were not
 * there.
 */
final class Interceptors {
  static final Interceptors NONE = new Interceptors(List.of(), Log.ALL, null);

  private final List<CobrowseInterceptor> list;
  private final Log log;
  private final Redactor redactor;

  Interceptors(List<CobrowseInterceptor> list, Log log, Redactor redactor) {
    this.list = List.copyOf(list);
    this.log = log;
    this.redactor = redactor;
  }

  /**
   * Runs every beforeRequest; returns the headers they added (those of one that threw left out).
   */
  Map<String, String> beforeRequest(CobrowseInterceptor.Request request) {
    for (CobrowseInterceptor i : list) {
      Map<String, String> before = new LinkedHashMap<>(request.added());
      try {
        i.beforeRequest(request);
      } catch (Exception e) {
        request.added().clear();
        request.added().putAll(before);
        ignored(i, "beforeRequest", request, e);
      }
    }
    return request.added();
  }

  void afterResponse(CobrowseInterceptor.Response response) {
    for (CobrowseInterceptor i : list) {
      try {
        i.afterResponse(response);
      } catch (Exception e) {
        ignored(i, "afterResponse", response, e);
      }
    }
  }

  void onError(CobrowseInterceptor.Failure failure) {
    for (CobrowseInterceptor i : list) {
      try {
        i.onError(failure);
      } catch (Exception e) {
        ignored(i, "onError", failure, e);
      }
    }
  }

  private void ignored(
      CobrowseInterceptor i, String method, CobrowseInterceptor.Attempt attempt, Exception e) {
    log.warn(
        () -> {
          String line =
              "interceptor "
                  + i.getClass().getName()
                  + " threw in "
                  + method
                  + " of "
                  + attempt.describe()
                  + " (ignored: the call goes on without it): "
                  + e;
          return redactor == null ? line : redactor.scrub(line, null);
        });
  }

  @Override
  public String toString() {
    return list.size() + " interceptors";
  }
}
