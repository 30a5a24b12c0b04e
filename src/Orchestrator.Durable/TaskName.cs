namespace Orchestrator.Durable;

/// <summary>The name of an orchestrator, activity or entity. Names compare case-insensitively.</summary>
public readonly struct TaskName : IEquatable<TaskName>
{
    /// <summary>Creates a name; <c>null</c> yields the default (empty) name.</summary>
    public TaskName(string name)
    {
        Name = name;
        Version = name is null ? null! : string.Empty;
    }

    /// <summary>Creates a name with a version (kept for signature compatibility; versions are not used for dispatch).</summary>
    public TaskName(string name, string version)
    {
        if (name is null && version is not null)
        {
            throw new ArgumentException("name must not be null when version is non-null");
        }
        Name = name!;
        Version = name is null ? null! : version ?? string.Empty;
    }

    /// <summary>The name without version.</summary>
    public string Name { get; }

    /// <summary>The version (always empty unless set explicitly).</summary>
    public string Version { get; }

    public static implicit operator string(TaskName value) => value.Name;

    public static implicit operator TaskName(string value) => string.IsNullOrEmpty(value) ? default : new(value);

    public static bool operator ==(TaskName a, TaskName b) => a.Equals(b);

    public static bool operator !=(TaskName a, TaskName b) => !a.Equals(b);

    public bool Equals(TaskName other) =>
        string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Version, other.Version, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is TaskName other && Equals(other);

    public override int GetHashCode() => Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    public override string ToString() => string.IsNullOrEmpty(Version) ? Name : $"{Name}:{Version}";
}
